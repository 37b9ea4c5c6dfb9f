/**
 * The operational metrics a fact in the audit chain stands for: triage decisions, closed
 * approvals and their latency, executions, failed notifications. Recorded when the counters fold
 * an entry, which happens once per entry, so a redelivered event is not counted twice.
 */
import type { AuditEvent } from '../audit/audit-event.ts';
import type { Meter } from './meter.ts';

const text = (value: unknown, fallback = 'unknown') => (typeof value === 'string' && value.length > 0 ? value : fallback);
const record = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export function recordEventMetrics(meter: Meter, event: AuditEvent): void {
  const data = event.data;
  switch (event.type) {
    case 'triage.decided':
      if (data.supersededAt !== null && data.supersededAt !== undefined) return;
      meter.count('TriageDecisions', { decider: text(record(data.decidedBy).kind), category: text(data.category) });
      return;
    case 'approval.approved':
    case 'approval.rejected':
    case 'approval.expired':
    case 'approval.cancelled': {
      const outcome = event.type.slice('approval.'.length);
      meter.count('ApprovalsClosed', { outcome });
      const requested = Date.parse(text(data.requestedAt, ''));
      if (outcome !== 'expired' && outcome !== 'cancelled' && !Number.isNaN(requested))
        meter.duration('ApprovalLatency', Date.parse(event.time) - requested);
      return;
    }
    case 'action.executed':
    case 'action.failed':
      meter.count('Executions', {
        executor: text(data.executor),
        status: text(data.status, event.type === 'action.failed' ? 'failed' : 'succeeded'),
      });
      return;
    case 'notification.failed':
      meter.count('NotificationsFailed', { targetType: text(data.targetType) });
      return;
    default:
      return;
  }
}
