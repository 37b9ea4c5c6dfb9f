import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';

/** A triage decision's audit event with this id, as producers send it to the audit queue. */
export function decidedEvent(tenant: string, eventId: string): AuditEvent {
  return {
    eventId,
    tenant,
    time: '2026-12-01T03:00:00.000Z',
    type: 'triage.decided',
    actor: 'system',
    subjects: { alertId: eventId },
    correlationId: 'c1',
    data: {},
  };
}
