/**
 * How each LLM provider, model and A/B variant did over a range, so an A/B test can be judged:
 * decisions and abstentions, how often responders corrected its decisions and changed their
 * category, latency percentiles, tokens and cost. From the tenant's counters, like the dashboard.
 */
import type * as z from 'zod';
import { LLM_LATENCY_BOUNDS_SECONDS, quantile } from '../../domain/stats/histogram.ts';
import { periodKeysBetween, periodStart } from '../../domain/stats/periods.ts';
import type { StatsStore } from '../../domain/stats/stats-store.ts';
import { addStats, emptyStats, parseLlmKey } from '../../domain/stats/tenant-stats.ts';
import { type dashboardQuery, rangeOf } from './read-dashboard.ts';

const ms = (seconds: number | undefined) => (seconds === undefined ? null : Math.round(seconds * 1000));
const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

export async function readModels(stats: StatsStore, tenant: string, query: z.output<typeof dashboardQuery>, now = new Date()) {
  const { from, to, granularity } = rangeOf(query, now);
  const keys = periodKeysBetween(granularity, from, to);
  const stored = await stats.periods(tenant, keys);
  const total = emptyStats();
  for (const key of keys) addStats(total, stored.get(key) ?? emptyStats());
  const models = Object.entries(total.llm)
    .map(([key, usage]) => ({
      ...parseLlmKey(key),
      decisions: usage.decisions,
      abstentions: usage.abstentions,
      /** Of the times it was asked, how often it did not decide. */
      abstentionRate: ratio(usage.abstentions, usage.decisions + usage.abstentions),
      corrected: usage.corrected,
      overruled: usage.overruled,
      /** Of its decisions responders corrected, how often they kept its category. */
      agreementWithCorrections: ratio(usage.corrected - usage.overruled, usage.corrected),
      latency: {
        p50Ms: ms(quantile(usage.latency, 0.5, LLM_LATENCY_BOUNDS_SECONDS)),
        p90Ms: ms(quantile(usage.latency, 0.9, LLM_LATENCY_BOUNDS_SECONDS)),
        p99Ms: ms(quantile(usage.latency, 0.99, LLM_LATENCY_BOUNDS_SECONDS)),
      },
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: Math.round(usage.costUsd * 1e6) / 1e6,
      costPerDecisionUsd: usage.decisions === 0 ? null : Math.round((usage.costUsd / usage.decisions) * 1e6) / 1e6,
    }))
    .sort((a, b) => b.decisions - a.decisions || (a.provider < b.provider ? -1 : 1));
  return { from: keys[0] === undefined ? from.toISOString() : periodStart(keys[0]), to: to.toISOString(), granularity, models };
}
