/**
 * The dashboard's figures for a time range, from the tenant's counters: hourly periods for ranges
 * up to three days, daily ones beyond, and never a read of alerts. The range is widened to whole
 * periods.
 */
import * as z from 'zod';
import { BadRequestError } from '../../domain/errors.ts';
import { mean, quantile } from '../../domain/stats/histogram.ts';
import { type Granularity, periodKeysBetween, periodStart, RETENTION_DAYS } from '../../domain/stats/periods.ts';
import type { StatsStore } from '../../domain/stats/stats-store.ts';
import { addStats, emptyStats, parseLlmKey, type Tally, type TenantStats } from '../../domain/stats/tenant-stats.ts';

const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const dashboardQuery = z.object({
  from: isoTime.optional().describe('Start of the range (default: 24 hours before `to`)'),
  to: isoTime.optional().describe('End of the range (default: now)'),
});

const HOUR_MS = 3_600_000;
/** Ranges up to this many hours are shown hour by hour. */
export const HOURLY_UP_TO_HOURS = 72;
export const MAX_RANGE_DAYS = 90;
const TOP = 10;

export interface DashboardSeriesPoint {
  readonly start: string;
  readonly alertsBySeverity: Tally;
  readonly alertsByCategory: Tally;
  readonly incidentsBySeverity: Tally;
  readonly incidentsByCategory: Tally;
}

function sum(tally: Tally): number {
  return Object.values(tally).reduce((total, n) => total + n, 0);
}

function top(tally: Tally): { readonly name: string; readonly count: number }[] {
  return Object.entries(tally)
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, TOP);
}

function rounded(seconds: number | undefined): number | null {
  return seconds === undefined ? null : Math.round(seconds);
}

/** The range a query asks for, whole periods of the granularity it is read at (400 for a bad one). */
export function rangeOf(query: z.output<typeof dashboardQuery>, now: Date): { from: Date; to: Date; granularity: Granularity } {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - 24 * HOUR_MS);
  if (from.getTime() >= to.getTime()) throw new BadRequestError('`from` must be before `to`');
  const hours = (to.getTime() - from.getTime()) / HOUR_MS;
  if (hours > MAX_RANGE_DAYS * 24) throw new BadRequestError(`The range is at most ${MAX_RANGE_DAYS} days`);
  // Hours are kept RETENTION_DAYS.hour days: an older short range is shown by day, not as zeros.
  const hoursKept = from.getTime() >= now.getTime() - (RETENTION_DAYS.hour - 1) * 24 * HOUR_MS;
  return { from, to, granularity: hours <= HOURLY_UP_TO_HOURS && hoursKept ? 'hour' : 'day' };
}

export async function readDashboard(stats: StatsStore, tenant: string, query: z.output<typeof dashboardQuery>, now = new Date()) {
  const { from, to, granularity } = rangeOf(query, now);
  const keys = periodKeysBetween(granularity, from, to);
  const stored = await stats.periods(tenant, keys);
  const total = emptyStats();
  const series: DashboardSeriesPoint[] = keys.map((key) => {
    const period: TenantStats = stored.get(key) ?? emptyStats();
    addStats(total, period);
    const { alertsBySeverity, alertsByCategory, incidentsBySeverity, incidentsByCategory } = period;
    return { start: periodStart(key), alertsBySeverity, alertsByCategory, incidentsBySeverity, incidentsByCategory };
  });
  const decided = sum(total.deciders);
  return {
    from: series[0]?.start ?? from.toISOString(),
    to: to.toISOString(),
    granularity,
    series,
    alerts: {
      received: sum(total.alertsBySeverity),
      triaged: sum(total.alertsByCategory),
      bySeverity: total.alertsBySeverity,
      bySource: total.alertsBySource,
      byCategory: total.alertsByCategory,
      noisiestNames: top(total.alertNames),
      noisiestServices: top(total.services),
    },
    incidents: {
      opened: sum(total.incidentsBySeverity),
      bySeverity: total.incidentsBySeverity,
      byCategory: total.incidentsByCategory,
      acknowledged: total.acknowledge.count,
      resolved: total.resolve.count,
      mttaSeconds: rounded(mean(total.acknowledge)),
      mttrSeconds: rounded(mean(total.resolve)),
    },
    approvals: {
      byOutcome: total.approvals,
      latency: {
        answered: total.approvalLatency.count,
        p50Seconds: rounded(quantile(total.approvalLatency, 0.5)),
        p90Seconds: rounded(quantile(total.approvalLatency, 0.9)),
      },
    },
    actions: {
      proposedByMode: total.actionsByMode,
      outcomes: Object.entries(total.actionOutcomes).map(([key, count]) => {
        const [mode = 'unknown', outcome = 'unknown'] = key.split('|');
        return { mode, outcome, count };
      }),
    },
    deciders: Object.entries(total.deciders).map(([kind, count]) => ({ kind, count, share: decided === 0 ? 0 : count / decided })),
    llm: Object.entries(total.llm).map(([key, usage]) => ({
      ...parseLlmKey(key),
      decisions: usage.decisions,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: Math.round(usage.costUsd * 1e6) / 1e6,
    })),
  };
}

export type Dashboard = Awaited<ReturnType<typeof readDashboard>>;
