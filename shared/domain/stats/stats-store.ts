import type { TenantStats } from './tenant-stats.ts';

/** A period's counters and the last seq of the audit chain they include (0: none, or counted before periods kept their own). */
export interface CountedPeriod {
  readonly stats: TenantStats;
  readonly countedSeq: number;
}

/**
 * A tenant's counters per period (periods.ts). Every method is scoped by tenant. Each period
 * keeps how far it is counted, and all time's is the tenant's cursor: a counting run writes the
 * others first and all time last, so a run cut short between them is finished by the next,
 * which counts in each period only what it does not have yet.
 */
export interface StatsStore {
  /** The last seq of the tenant's audit chain its counters include (0: none yet): all time's. */
  countedThrough(tenant: string): Promise<number>;
  /** The periods' counters, by key; a period nothing was counted in is absent. */
  periods(tenant: string, keys: readonly string[]): Promise<Map<string, TenantStats>>;
  /** The periods' counters with how far each is counted, for a counting run. */
  counted(tenant: string, keys: readonly string[]): Promise<Map<string, CountedPeriod>>;
  /**
   * Writes each period's counters as counted through `to`, if it is still counted through the
   * `countedSeq` it was read with (one counted through `to` already is left as it is); all
   * time's last. `moved`: another writer counted one first, and nothing after it was written.
   * At most MAX_PERIODS_PER_SAVE periods.
   */
  save(tenant: string, periods: ReadonlyMap<string, CountedPeriod>, to: number): Promise<'saved' | 'moved'>;
}

/** Periods one run writes at most: bounded by bytes (see MAX_KEYS), so a run stays small. */
export const MAX_PERIODS_PER_SAVE = 25;
