import type { TenantStats } from './tenant-stats.ts';

/** A tenant's counters per period (periods.ts). Every method is scoped by tenant. */
export interface StatsStore {
  /** The last seq of the tenant's audit chain its counters include (0: none yet). */
  countedThrough(tenant: string): Promise<number>;
  /** The periods' counters, by key; a period nothing was counted in is absent. */
  periods(tenant: string, keys: readonly string[]): Promise<Map<string, TenantStats>>;
  /**
   * Writes the periods' counters and moves the cursor from `from` to `to`, in one transaction,
   * if the cursor is still at `from` (`moved`: another writer counted first). At most
   * MAX_PERIODS_PER_SAVE periods.
   */
  save(tenant: string, periods: ReadonlyMap<string, TenantStats>, from: number, to: number): Promise<'saved' | 'moved'>;
}

/** One transaction's items, the cursor's included: bounded by bytes (see MAX_KEYS), not only by DynamoDB's 100 items. */
export const MAX_PERIODS_PER_SAVE = 25;
