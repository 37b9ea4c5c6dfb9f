/** Tenants' counters in memory, with the cursor's condition; `failSaves` makes the next saves throw. */
import type { StatsStore } from '../../../shared/domain/stats/stats-store.ts';
import type { TenantStats } from '../../../shared/domain/stats/tenant-stats.ts';

export class InMemoryStatsStore implements StatsStore {
  readonly #periods = new Map<string, TenantStats>();
  readonly #cursors = new Map<string, number>();
  failSaves = 0;
  saves = 0;

  async countedThrough(tenant: string): Promise<number> {
    return this.#cursors.get(tenant) ?? 0;
  }

  async periods(tenant: string, keys: readonly string[]): Promise<Map<string, TenantStats>> {
    const found = new Map<string, TenantStats>();
    for (const key of keys) {
      const stats = this.#periods.get(`${tenant}\0${key}`);
      if (stats !== undefined) found.set(key, structuredClone(stats));
    }
    return found;
  }

  async save(tenant: string, periods: ReadonlyMap<string, TenantStats>, from: number, to: number): Promise<'saved' | 'moved'> {
    if (this.failSaves > 0) {
      this.failSaves -= 1;
      throw new Error('the stats table is unavailable');
    }
    if ((this.#cursors.get(tenant) ?? 0) !== from) return 'moved';
    this.saves += 1;
    for (const [key, stats] of periods) this.#periods.set(`${tenant}\0${key}`, structuredClone(stats));
    this.#cursors.set(tenant, to);
    return 'saved';
  }
}
