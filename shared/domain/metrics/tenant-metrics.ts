/**
 * A tenant's metrics for `GET /v1/metrics`: its all-time counters, named by Prometheus conventions.
 * Most are folded from the audit chain by the audit writer; alerts received by source and outcome
 * are added by ingest, once per notification. A scrape reads a few items, never a scan.
 */
import { type Histogram, LATENCY_BOUNDS_SECONDS } from '../stats/histogram.ts';
import { parseLlmKey, type Tally, type TenantStats } from '../stats/tenant-stats.ts';
import type { Family, HistogramSample, Sample } from './exposition.ts';
import type { ReceivedCount } from './received-counter.ts';

/** How far the counters have folded the tenant's audit chain. */
export interface CounterProgress {
  /** Entries counted (the counters' cursor). */
  readonly counted: number;
  /** Entries in the chain. */
  readonly chained: number;
}

function tallySamples(tally: Tally, label: string): Sample[] {
  return Object.entries(tally)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => ({ labels: { [label]: key }, value }));
}

function histogram(value: Histogram): HistogramSample {
  return { labels: {}, bounds: LATENCY_BOUNDS_SECONDS, counts: value.counts, sum: value.sumSeconds, count: value.count };
}

function llmSamples(
  stats: TenantStats,
  value: (usage: TenantStats['llm'][string]) => readonly [Record<string, string>, number][],
): Sample[] {
  return Object.entries(stats.llm)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([key, usage]) => {
      const { provider, model, variant } = parseLlmKey(key);
      const base = { provider, model, variant: variant ?? '' };
      return value(usage).map(([extra, n]) => ({ labels: { ...base, ...extra }, value: n }));
    });
}

function outcomeSamples(tally: Tally): Sample[] {
  return Object.entries(tally)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => {
      const [mode = '', outcome = ''] = key.split('|');
      return { labels: { mode, outcome }, value };
    });
}

export function tenantFamilies(stats: TenantStats, progress: CounterProgress, received: readonly ReceivedCount[] = []): Family[] {
  return [
    {
      name: 'alertgate_alerts_received_total',
      help: 'Alerts received, by webhook source and outcome: created (a new revision), updated, resolved, duplicate.',
      type: 'counter',
      samples: [...received]
        .sort((a, b) => (a.source === b.source ? (a.outcome < b.outcome ? -1 : 1) : a.source < b.source ? -1 : 1))
        .map(({ source, outcome, count }) => ({ labels: { source, outcome }, value: count })),
    },
    {
      name: 'alertgate_alerts_received_by_severity_total',
      help: 'Alerts received, by the severity the source gave (unknown when none).',
      type: 'counter',
      samples: tallySamples(stats.alertsBySeverity, 'severity'),
    },
    {
      name: 'alertgate_triage_decisions_total',
      help: 'Triage decisions, by who decided: rule, learned, llm, classifier (corrections are not decisions of triage).',
      type: 'counter',
      samples: tallySamples(stats.deciders, 'decider'),
    },
    {
      name: 'alertgate_triage_decisions_by_category_total',
      help: 'Triage decisions, by the category decided.',
      type: 'counter',
      samples: tallySamples(stats.alertsByCategory, 'category'),
    },
    {
      name: 'alertgate_llm_decisions_total',
      help: 'Decisions made by an LLM provider, by provider, model and A/B variant.',
      type: 'counter',
      samples: llmSamples(stats, (u) => [[{}, u.decisions]]),
    },
    {
      name: 'alertgate_llm_tokens_total',
      help: 'Tokens LLM providers used on decisions, by provider, model, variant and direction.',
      type: 'counter',
      samples: llmSamples(stats, (u) => [
        [{ direction: 'input' }, u.inputTokens],
        [{ direction: 'output' }, u.outputTokens],
      ]),
    },
    {
      name: 'alertgate_llm_cost_usd_total',
      help: 'Estimated cost of LLM decisions in US dollars, by provider, model and variant.',
      type: 'counter',
      samples: llmSamples(stats, (u) => [[{}, u.costUsd]]),
    },
    {
      name: 'alertgate_actions_proposed_total',
      help: 'Actions proposed by triage, by the mode the tenant policy gave them.',
      type: 'counter',
      samples: tallySamples(stats.actionsByMode, 'mode'),
    },
    {
      name: 'alertgate_action_outcomes_total',
      help: 'What became of actions: succeeded, failed, skipped, suppressed, deduplicated, by mode.',
      type: 'counter',
      samples: outcomeSamples(stats.actionOutcomes),
    },
    {
      name: 'alertgate_approvals_total',
      help: 'Approvals closed, by outcome: approved, rejected, expired, cancelled.',
      type: 'counter',
      samples: tallySamples(stats.approvals, 'outcome'),
    },
    {
      name: 'alertgate_incidents_opened_total',
      help: 'Incidents opened, by severity.',
      type: 'counter',
      samples: tallySamples(stats.incidentsBySeverity, 'severity'),
    },
    {
      name: 'alertgate_approval_latency_seconds',
      help: 'Time from an approval request to its decision (approved or rejected).',
      type: 'histogram',
      samples: [histogram(stats.approvalLatency)],
    },
    {
      name: 'alertgate_incident_acknowledge_seconds',
      help: 'Time from an incident opening to its acknowledgement.',
      type: 'histogram',
      samples: [histogram(stats.acknowledge)],
    },
    {
      name: 'alertgate_incident_resolve_seconds',
      help: 'Time from an incident opening to its resolution.',
      type: 'histogram',
      samples: [histogram(stats.resolve)],
    },
    {
      name: 'alertgate_audit_entries',
      help: "Entries in the tenant's audit chain.",
      type: 'gauge',
      samples: [{ labels: {}, value: progress.chained }],
    },
    {
      name: 'alertgate_audit_unfolded_entries',
      help: 'Audit entries the counters have not folded yet: these metrics are this far behind the chain.',
      type: 'gauge',
      samples: [{ labels: {}, value: Math.max(0, progress.chained - progress.counted) }],
    },
  ];
}
