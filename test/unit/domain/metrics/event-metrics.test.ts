import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { recordEventMetrics } from '../../../../shared/domain/metrics/event-metrics.ts';
import { recordingMeter } from '../../../support/recording-meter.ts';

const event = (type: AuditEvent['type'], data: Record<string, unknown>, time = '2026-12-01T10:05:00.000Z'): AuditEvent => ({
  eventId: `${type}-1`,
  tenant: 'acme',
  time,
  type,
  actor: 'system',
  subjects: {},
  correlationId: 'c',
  data,
});

describe('the operational metrics of audit facts', () => {
  it('counts decisions by decider and category, not the re-sent superseded ones', () => {
    const meter = recordingMeter();
    recordEventMetrics(meter, event('triage.decided', { decidedBy: { kind: 'learned' }, category: 'Storage', supersededAt: null }));
    recordEventMetrics(
      meter,
      event('triage.decided', { decidedBy: { kind: 'learned' }, category: 'Storage', supersededAt: '2026-12-01T10:06:00Z' }),
    );
    expect(meter.recorded).toEqual([
      { name: 'TriageDecisions', dimensions: { decider: 'learned', category: 'Storage' }, value: 1, kind: 'count' },
    ]);
  });

  it('times approvals from their request, except those that expired or were cancelled', () => {
    const meter = recordingMeter();
    recordEventMetrics(meter, event('approval.approved', { requestedAt: '2026-12-01T10:00:00.000Z' }));
    recordEventMetrics(meter, event('approval.expired', { requestedAt: '2026-12-01T09:00:00.000Z' }));
    expect(meter.total('ApprovalsClosed')).toBe(2);
    expect(meter.recorded.filter((r) => r.kind === 'duration')).toEqual([
      { name: 'ApprovalLatency', dimensions: {}, value: 300_000, kind: 'duration' },
    ]);
  });

  it('counts executions by executor and status, and failed notifications by target type', () => {
    const meter = recordingMeter();
    recordEventMetrics(meter, event('action.failed', { executor: 'webhook', status: 'failed' }));
    recordEventMetrics(meter, event('action.executed', { executor: 'dry-run', status: 'succeeded' }));
    recordEventMetrics(meter, event('notification.failed', { targetType: 'slack' }));
    expect(meter.total('Executions', { executor: 'webhook', status: 'failed' })).toBe(1);
    expect(meter.total('Executions', { executor: 'dry-run', status: 'succeeded' })).toBe(1);
    expect(meter.total('NotificationsFailed', { targetType: 'slack' })).toBe(1);
  });
});
