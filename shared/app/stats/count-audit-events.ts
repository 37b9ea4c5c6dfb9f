/**
 * Brings a tenant's counters up to its audit chain: reads the entries after the last one counted
 * (all time's cursor), folds them into their hour, day and all-time periods (and outcomes into
 * the action history), each only into a period that does not have it yet, and saves each period
 * conditioned on how far it was counted, all time last. Runs after each audit batch; a run that
 * fails or stops early is caught up by the next, and no entry is ever counted twice.
 */
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import { ConflictError } from '../../domain/errors.ts';
import { recordEventMetrics } from '../../domain/metrics/event-metrics.ts';
import type { Meter } from '../../domain/metrics/meter.ts';
import { foldOutcome, outcomeOf } from '../../domain/stats/action-history.ts';
import { countEvent } from '../../domain/stats/count-events.ts';
import { ACTION_HISTORY, periodsOf, TOTAL } from '../../domain/stats/periods.ts';
import { MAX_PERIODS_PER_SAVE, type StatsStore } from '../../domain/stats/stats-store.ts';
import { emptyStats } from '../../domain/stats/tenant-stats.ts';
import { chainEntries } from '../audit/read-audit.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';

export interface CountDeps {
  readonly audit: AuditStore;
  readonly stats: StatsStore;
  /** Each entry's operational metrics, recorded once it is counted (so once). */
  readonly meter?: Meter;
}

/** Entries one run counts at most; the rest wait for the next batch. */
export const MAX_ENTRIES_PER_RUN = 2_000;

export async function countAuditEvents(deps: CountDeps, tenant: string): Promise<{ readonly counted: number; readonly through: number }> {
  return retryOnConflict(
    async () => {
      const from = await deps.stats.countedThrough(tenant);
      const entries = [];
      const keys = new Set<string>();
      for await (const entry of chainEntries(deps.audit, tenant, from)) {
        const own = outcomeOf(entry) === undefined ? periodsOf(entry.time) : [...periodsOf(entry.time), ACTION_HISTORY];
        const touched = own.filter((key) => !keys.has(key));
        if (keys.size + touched.length > MAX_PERIODS_PER_SAVE || entries.length === MAX_ENTRIES_PER_RUN) break;
        for (const key of touched) keys.add(key);
        entries.push(entry);
      }
      const last = entries.at(-1);
      if (last === undefined) return { counted: 0, through: from };
      const read = await deps.stats.counted(tenant, [...keys]);
      // Another run counted these meanwhile: what this one reports and meters would be theirs.
      if ((read.get(TOTAL)?.countedSeq ?? 0) !== from) throw new ConflictError(`${tenant}'s counters moved`);
      const periods = new Map([...keys].map((key) => [key, read.get(key) ?? { stats: emptyStats(), countedSeq: 0 }]));
      if (keys.has(ACTION_HISTORY)) {
        // The history was kept in all time's item before it had its own: it goes on from there.
        const history = read.get(ACTION_HISTORY) ?? {
          stats: { ...emptyStats(), actionHistory: read.get(TOTAL)?.stats.actionHistory ?? {} },
          countedSeq: 0,
        };
        periods.set(ACTION_HISTORY, history);
        const total = periods.get(TOTAL);
        if (total !== undefined) periods.set(TOTAL, { ...total, stats: { ...total.stats, actionHistory: {} } });
      }
      // A period a run cut short has written already has its entries: only the later ones count in it.
      const counts = (key: string, seq: number) => seq > (periods.get(key)?.countedSeq ?? 0);
      for (const entry of entries) {
        for (const key of periodsOf(entry.time)) {
          const period = periods.get(key);
          if (period !== undefined && counts(key, entry.seq)) countEvent(period.stats, entry);
        }
        const history = periods.get(ACTION_HISTORY);
        if (history !== undefined && counts(ACTION_HISTORY, entry.seq)) foldOutcome(history.stats.actionHistory, entry);
      }
      if ((await deps.stats.save(tenant, periods, last.seq)) === 'moved') throw new ConflictError(`${tenant}'s counters moved`);
      if (deps.meter !== undefined) for (const entry of entries) recordEventMetrics(deps.meter, entry);
      return { counted: entries.length, through: last.seq };
    },
    { attempts: 5 },
  );
}
