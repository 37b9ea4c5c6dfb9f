import { describe, expect, it } from 'vitest';
import { appendAuditEvents } from '../../../../shared/app/audit/append-audit-event.ts';
import { countAuditEvents } from '../../../../shared/app/stats/count-audit-events.ts';
import { dashboardQuery, readDashboard } from '../../../../shared/app/stats/read-dashboard.ts';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { BadRequestError } from '../../../../shared/domain/errors.ts';
import { InMemoryAuditStore } from '../../../support/in-memory/audit-store.ts';
import { InMemoryStatsStore } from '../../../support/in-memory/stats-store.ts';

const NOW = new Date('2026-12-01T12:30:00.000Z');
let n = 0;
function event(type: AuditEvent['type'], time: string, data: Record<string, unknown>): AuditEvent {
  n += 1;
  return { eventId: `e${n}`, tenant: 'acme', time, type, actor: 'system', subjects: {}, correlationId: 'c', data };
}

async function dashboardOf(events: AuditEvent[], query: Record<string, string> = {}) {
  const audit = new InMemoryAuditStore();
  const stats = new InMemoryStatsStore();
  await appendAuditEvents(audit, events);
  await countAuditEvents({ audit, stats }, 'acme');
  return readDashboard(stats, 'acme', dashboardQuery.parse(query), NOW);
}

describe('the dashboard', () => {
  it('shows the last 24 hours hour by hour, every hour present, counted where the events happened', async () => {
    const dashboard = await dashboardOf([
      event('alert.received', '2026-12-01T12:10:00.000Z', { name: 'A', severity: 'critical' }),
      event('alert.received', '2026-12-01T09:10:00.000Z', { name: 'B', severity: 'warning' }),
      // Two days ago: outside the range.
      event('alert.received', '2026-11-29T09:10:00.000Z', { name: 'C', severity: 'warning' }),
    ]);
    expect(dashboard.granularity).toBe('hour');
    expect(dashboard.series).toHaveLength(25);
    expect(dashboard.series[0]?.start).toBe('2026-11-30T12:00:00.000Z');
    expect(dashboard.series.at(-1)).toMatchObject({ start: '2026-12-01T12:00:00.000Z', alertsBySeverity: { critical: 1 } });
    expect(dashboard.alerts).toMatchObject({ received: 2, bySeverity: { critical: 1, warning: 1 } });
  });

  it('goes day by day beyond three days, and refuses more than 90 days or a range that ends before it starts', async () => {
    const week = await dashboardOf([], { from: '2026-11-24T12:30:00Z', to: '2026-12-01T12:30:00Z' });
    expect(week.granularity).toBe('day');
    expect(week.series).toHaveLength(8);
    await expect(dashboardOf([], { from: '2026-08-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })).rejects.toThrow(BadRequestError);
    await expect(dashboardOf([], { from: '2026-12-01T00:00:00Z', to: '2026-11-30T00:00:00Z' })).rejects.toThrow(BadRequestError);
  });

  it('ranks the ten noisiest alert names, and gives MTTA, approval percentiles and the share of each decider', async () => {
    const alerts = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: i + 1 }, () => event('alert.received', '2026-12-01T11:00:00.000Z', { name: `Alert${i}`, severity: 'info' })),
    ).flat();
    const dashboard = await dashboardOf([
      ...alerts,
      event('incident.acknowledged', '2026-12-01T11:10:00.000Z', { openedAt: '2026-12-01T11:00:00.000Z' }),
      event('incident.acknowledged', '2026-12-01T11:30:00.000Z', { openedAt: '2026-12-01T11:10:00.000Z' }),
      event('approval.approved', '2026-12-01T11:01:30.000Z', { requestedAt: '2026-12-01T11:00:00.000Z' }),
      event('triage.decided', '2026-12-01T11:00:00.000Z', { category: 'database', decidedBy: { kind: 'rule' } }),
      event('triage.decided', '2026-12-01T11:00:00.000Z', { category: 'database', decidedBy: { kind: 'classifier' } }),
      event('triage.decided', '2026-12-01T11:00:00.000Z', { category: 'network', decidedBy: { kind: 'classifier' } }),
      event('triage.decided', '2026-12-01T11:00:00.000Z', {
        category: 'network',
        decidedBy: { kind: 'llm', provider: 'anthropic', model: 'claude-haiku' },
        tokens: { input: 10, output: 2 },
        costUsd: 0.001,
      }),
    ]);
    expect(dashboard.alerts.noisiestNames).toHaveLength(10);
    expect(dashboard.alerts.noisiestNames[0]).toEqual({ name: 'Alert11', count: 12 });
    expect(dashboard.alerts.noisiestNames.at(-1)).toEqual({ name: 'Alert2', count: 3 });
    expect(dashboard.incidents.mttaSeconds).toBe(900);
    expect(dashboard.approvals.latency).toEqual({ answered: 1, p50Seconds: 90, p90Seconds: 114 });
    expect(dashboard.deciders).toEqual([
      { kind: 'rule', count: 1, share: 0.25 },
      { kind: 'classifier', count: 2, share: 0.5 },
      { kind: 'llm', count: 1, share: 0.25 },
    ]);
    expect(dashboard.llm).toEqual([
      { provider: 'anthropic', model: 'claude-haiku', decisions: 1, inputTokens: 10, outputTokens: 2, costUsd: 0.001 },
    ]);
  });
});
