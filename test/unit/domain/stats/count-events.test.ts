import { describe, expect, it } from 'vitest';
import { approvalFacts, requestOfApproval } from '../../../../shared/app/remediation/remediation-events.ts';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { countEvent } from '../../../../shared/domain/stats/count-events.ts';
import { periodsOf, TOTAL } from '../../../../shared/domain/stats/periods.ts';
import { emptyStats, llmKey, MAX_KEY_LENGTH, MAX_KEYS, OTHER, outcomeKey } from '../../../../shared/domain/stats/tenant-stats.ts';
import { storedApproval } from '../../../support/remediation-fixtures.ts';

let n = 0;
function event(type: AuditEvent['type'], data: Record<string, unknown>, time = '2026-12-01T10:00:00.000Z'): AuditEvent {
  n += 1;
  return { eventId: `e${n}`, tenant: 'acme', time, type, actor: 'system', subjects: {}, correlationId: 'c', data };
}

function counted(...events: AuditEvent[]) {
  const stats = emptyStats();
  for (const e of events) countEvent(stats, e);
  return stats;
}

const llmDecision = {
  category: 'database',
  service: 'orders-db',
  decidedBy: { kind: 'llm', provider: 'openai', model: 'gpt-4o-mini', promptVersion: 'v3', variant: 'B' },
  tokens: { input: 900, output: 120 },
  costUsd: 0.0002,
  action: { name: 'restart_workload', params: {}, risk: 'medium', mode: 'approval' },
  supersededAt: null,
};

describe('counting audit events', () => {
  it('counts received alerts by severity, source and name', () => {
    const stats = counted(
      event('alert.received', { source: 'alertmanager', name: 'HighLatency', severity: 'critical' }),
      event('alert.received', { source: 'grafana', name: 'HighLatency', severity: null }),
    );
    expect(stats.alertsBySeverity).toEqual({ critical: 1, unknown: 1 });
    expect(stats.alertsBySource).toEqual({ alertmanager: 1, grafana: 1 });
    expect(stats.alertNames).toEqual({ HighLatency: 2 });
  });

  it('counts a decision once: by category, service, decider and mode, with the LLM tokens and cost of its model and variant', () => {
    const stats = counted(
      event('triage.decided', llmDecision),
      event('triage.decided', { ...llmDecision, supersededAt: '2026-12-01T11:00:00Z' }),
    );
    expect(stats.alertsByCategory).toEqual({ database: 1 });
    expect(stats.services).toEqual({ 'orders-db': 1 });
    expect(stats.deciders).toEqual({ llm: 1 });
    expect(stats.actionsByMode).toEqual({ approval: 1 });
    expect(stats.llm[llmKey('openai', 'gpt-4o-mini', 'B')]).toMatchObject({
      decisions: 1,
      inputTokens: 900,
      outputTokens: 120,
      costUsd: 0.0002,
    });
    expect(Object.keys(stats.llm)).toHaveLength(1);
  });

  it("counts each model's latency, the providers tried before the decider, and the corrections of its decisions", () => {
    const stats = counted(
      event('triage.decided', {
        ...llmDecision,
        latencyMs: 1500,
        llmAbstentions: [{ provider: 'anthropic', model: 'claude', variant: 'A' }],
      }),
      event('triage.decided', { ...llmDecision, latencyMs: 600, llmAbstentions: [] }),
      event('triage.corrected', { set: { category: 'network' }, original: { category: 'database', decidedBy: llmDecision.decidedBy } }),
      event('triage.corrected', { set: { team: 'dba' }, original: { category: 'database', decidedBy: llmDecision.decidedBy } }),
      event('triage.corrected', { set: { category: 'network' }, original: { category: 'database', decidedBy: { kind: 'classifier' } } }),
      // A correction of a correction overrode a person, not the model: not held against it.
      event('triage.corrected', {
        set: { category: 'storage' },
        replaced: { category: 'network', decidedBy: { kind: 'correction', correctionId: 'c1', by: 'alice' } },
        original: { category: 'database', decidedBy: llmDecision.decidedBy },
      }),
    );
    const b = stats.llm[llmKey('openai', 'gpt-4o-mini', 'B')];
    expect(b).toMatchObject({ decisions: 2, corrected: 2, overruled: 1, abstentions: 0 });
    expect(b?.latency.count).toBe(2);
    expect(b?.latency.sumSeconds).toBeCloseTo(2.1);
    expect(stats.llm[llmKey('anthropic', 'claude', 'A')]).toMatchObject({ decisions: 0, abstentions: 1 });
  });

  it('counts rules and the keyless classifier as deciders without LLM usage', () => {
    const stats = counted(
      event('triage.decided', { category: 'network', decidedBy: { kind: 'rule', ruleId: 'r1' }, tokens: null, costUsd: null }),
      event('triage.decided', { category: 'network', decidedBy: { kind: 'classifier', version: '3' }, action: null }),
    );
    expect(stats.deciders).toEqual({ rule: 1, classifier: 1 });
    expect(stats.llm).toEqual({});
    expect(stats.actionsByMode).toEqual({});
  });

  it('times acknowledgement and resolution from the opening the event names', () => {
    const stats = counted(
      event('incident.opened', { severity: 'error', category: 'database' }),
      event('incident.acknowledged', { openedAt: '2026-12-01T09:55:00.000Z' }),
      event('incident.resolved', { openedAt: '2026-12-01T09:00:00.000Z' }),
      // Written before events carried openedAt: nothing to time.
      event('incident.resolved', {}),
    );
    expect(stats.incidentsBySeverity).toEqual({ error: 1 });
    expect(stats.incidentsByCategory).toEqual({ database: 1 });
    expect(stats.acknowledge).toMatchObject({ count: 1, sumSeconds: 300 });
    expect(stats.resolve).toMatchObject({ count: 1, sumSeconds: 3600 });
  });

  it('times an approval from its request to its decision, as the remediation workflow records them', () => {
    const approval = storedApproval({
      status: 'approved',
      createdAt: '2026-12-01T10:00:00.000Z',
      decidedAt: '2026-12-01T10:04:00.000Z',
      votes: [{ by: 'alice', vote: 'approve', at: '2026-12-01T10:04:00.000Z' }],
    });
    const events = approvalFacts(requestOfApproval(approval, 'c'), approval);
    const stats = counted(...events, event('approval.expired', {}));
    expect(stats.approvals).toEqual({ approved: 1, expired: 1 });
    expect(stats.approvalLatency).toMatchObject({ count: 1, sumSeconds: 240 });
  });

  it('counts what became of actions by their mode', () => {
    const stats = counted(
      event('action.executed', { mode: 'auto', status: 'succeeded' }),
      event('action.executed', { mode: 'approval', status: 'dry-run' }),
      event('action.failed', { mode: 'auto', status: 'failed' }),
      event('action.suppressed', { mode: 'auto', kind: 'cool-down' }),
      event('action.deduplicated', { mode: 'approval' }),
    );
    expect(stats.actionOutcomes).toEqual({
      [outcomeKey('auto', 'succeeded')]: 1,
      [outcomeKey('approval', 'dry-run')]: 1,
      [outcomeKey('auto', 'failed')]: 1,
      [outcomeKey('auto', 'suppressed')]: 1,
      [outcomeKey('approval', 'deduplicated')]: 1,
    });
  });

  it('keeps at most MAX_KEYS alert names in a period; the rest count as other', () => {
    const names = Array.from({ length: MAX_KEYS + 50 }, (_, i) => event('alert.received', { name: `Alert${i}`, severity: 'info' }));
    const stats = counted(...names, event('alert.received', { name: 'Alert0', severity: 'info' }));
    expect(Object.keys(stats.alertNames)).toHaveLength(MAX_KEYS + 1);
    expect(stats.alertNames[OTHER]).toBe(50);
    expect(stats.alertNames.Alert0).toBe(2);
  });

  it('ignores events that are not counted', () => {
    expect(counted(event('config.changed', {}), event('auth.denied', {}))).toEqual(emptyStats());
  });
});

describe('bounds on what a period holds', () => {
  it('cuts a long alert name, and files an event whose time does not parse under all time only', () => {
    const stats = counted(event('alert.received', { name: 'x'.repeat(5000), severity: 'info' }));
    const [name] = Object.keys(stats.alertNames);
    expect(name).toHaveLength(MAX_KEY_LENGTH);
    expect(periodsOf('not a time')).toEqual([TOTAL]);
    expect(periodsOf('2026-12-01T10:15:00.000Z')).toEqual(['hour#2026-12-01T10', 'day#2026-12-01', TOTAL]);
  });
});
