import { describe, expect, it } from 'vitest';
import { renderExposition } from '../../../../shared/domain/metrics/exposition.ts';
import { tenantFamilies } from '../../../../shared/domain/metrics/tenant-metrics.ts';
import { llmKey, OTHER, usageOf } from '../../../../shared/domain/stats/tenant-stats.ts';
import { sampleStats } from '../../../support/metrics-fixtures.ts';

describe("a tenant's metrics in the Prometheus text format", () => {
  const received = [
    { source: 'grafana', outcome: 'created', count: 2 },
    { source: 'alertmanager', outcome: 'updated', count: 30 },
    { source: 'alertmanager', outcome: 'created', count: 12 },
  ];
  const text = renderExposition(tenantFamilies(sampleStats(), { counted: 40, chained: 42 }, received));

  it('names each counter by convention, with its labels', () => {
    expect(text).toContain('# TYPE alertgate_alerts_received_total counter');
    expect(text).toContain(
      [
        'alertgate_alerts_received_total{source="alertmanager",outcome="created"} 12',
        'alertgate_alerts_received_total{source="alertmanager",outcome="updated"} 30',
        'alertgate_alerts_received_total{source="grafana",outcome="created"} 2',
      ].join('\n'),
    );
    expect(text).toContain('alertgate_triage_decisions_total{decider="learned"} 2');
    expect(text).toContain('alertgate_triage_decisions_by_category_total{category="Proxies, load balancers and service meshes"} 4');
    expect(text).toContain('alertgate_llm_tokens_total{provider="anthropic",model="claude",variant="b",direction="output"} 40');
    expect(text).toContain('alertgate_action_outcomes_total{mode="approval",outcome="succeeded"} 2');
  });

  it('escapes label values that came from tenant data', () => {
    expect(text).toContain('alertgate_llm_decisions_total{provider="openai \\"prod\\"",model="gpt\\\\4o\\nmini",variant=""} 3');
  });

  it('writes histograms with cumulative buckets, +Inf, sum and count', () => {
    expect(text).toContain('alertgate_approval_latency_seconds_bucket{le="10"} 1');
    expect(text).toContain('alertgate_approval_latency_seconds_bucket{le="60"} 2');
    expect(text).toContain('alertgate_approval_latency_seconds_bucket{le="600"} 3');
    expect(text).toContain('alertgate_approval_latency_seconds_bucket{le="+Inf"} 3');
    expect(text).toContain('alertgate_approval_latency_seconds_sum 450');
    expect(text).toContain('alertgate_approval_latency_seconds_count 3');
  });

  it('says how far the counters are behind the audit chain', () => {
    expect(text).toContain('alertgate_audit_entries 42');
    expect(text).toContain('alertgate_audit_unfolded_entries 2');
  });
});

describe('usage keys past the bounds', () => {
  it('reads a cut-short or lumped LLM key as provider (other) instead of failing every scrape', () => {
    const stats = sampleStats();
    usageOf(
      stats.llm,
      `${llmKey('bedrock', 'arn:aws:bedrock:eu-west-1:000000000000:inference-profile/'.repeat(4), undefined).slice(0, 199)}…`,
    ).decisions = 2;
    usageOf(stats.llm, OTHER).decisions = 5;
    const text = renderExposition(tenantFamilies(stats, { counted: 0, chained: 0 }));
    expect(text).toContain('alertgate_llm_decisions_total{provider="(other)",model="(other)",variant=""} 5');
    expect(text).toMatch(/alertgate_llm_decisions_total\{provider="\(other\)",model="\[\\"bedrock[^}]*…",variant=""\} 2/);
  });
});
