/**
 * Tenants' counters in memory, with the DynamoDB store's per-period cursor conditions and all
 * time written last. `failSaves` makes the next saves throw before writing anything;
 * `failTotals` makes them throw after the other periods are written (a run cut short between).
 */
import { TOTAL } from '../../../shared/domain/stats/periods.ts';
import type { CountedPeriod, StatsStore } from '../../../shared/domain/stats/stats-store.ts';
import type { TenantStats } from '../../../shared/domain/stats/tenant-stats.ts';

export class InMemoryStatsStore implements StatsStore {
  readonly #periods = new Map<string, CountedPeriod>();
  failSaves = 0;
  failTotals = 0;
  saves = 0;

  async countedThrough(tenant: string): Promise<number> {
    return this.#periods.get(`${tenant}\0${TOTAL}`)?.countedSeq ?? 0;
  }

  async periods(tenant: string, keys: readonly string[]): Promise<Map<string, TenantStats>> {
    const counted = await this.counted(tenant, keys);
    return new Map([...counted].map(([key, { stats }]) => [key, stats]));
  }

  async counted(tenant: string, keys: readonly string[]): Promise<Map<string, CountedPeriod>> {
    const found = new Map<string, CountedPeriod>();
    for (const key of keys) {
      const period = this.#periods.get(`${tenant}\0${key}`);
      if (period !== undefined) found.set(key, structuredClone(period));
    }
    return found;
  }

  async save(tenant: string, periods: ReadonlyMap<string, CountedPeriod>, to: number): Promise<'saved' | 'moved'> {
    if (this.failSaves > 0) {
      this.failSaves -= 1;
      throw new Error('the stats table is unavailable');
    }
    const pending = [...periods].filter(([, { countedSeq }]) => countedSeq < to);
    const write = ([key, { stats, countedSeq }]: [string, CountedPeriod]): 'saved' | 'moved' => {
      if ((this.#periods.get(`${tenant}\0${key}`)?.countedSeq ?? 0) !== countedSeq) return 'moved';
      this.#periods.set(`${tenant}\0${key}`, { stats: structuredClone(stats), countedSeq: to });
      return 'saved';
    };
    if (
      pending
        .filter(([key]) => key !== TOTAL)
        .map(write)
        .includes('moved')
    )
      return 'moved';
    if (this.failTotals > 0) {
      this.failTotals -= 1;
      throw new Error('the stats table went away before all time was written');
    }
    const total = pending.find(([key]) => key === TOTAL);
    const result = total === undefined ? 'saved' : write(total);
    if (result === 'saved') this.saves += 1;
    return result;
  }
}
