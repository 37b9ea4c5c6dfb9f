/** The triage queue and audit log ports in memory: they keep what they were sent. */
import type { AlertEvent } from '../../../shared/domain/alerts/alert-record.ts';
import type { SendResult, TriageQueue } from '../../../shared/domain/alerts/triage-queue.ts';
import type { AuditEvent } from '../../../shared/domain/audit/audit-event.ts';
import type { AuditLog } from '../../../shared/domain/audit/audit-log.ts';

export class RecordingTriageQueue implements TriageQueue {
  readonly sent: AlertEvent[] = [];
  /** Event ids the queue refuses (a throttled SQS), until the test clears it. */
  refusing = new Set<string>();

  async send(events: readonly AlertEvent[]): Promise<SendResult> {
    const failed = events.filter((event) => this.refusing.has(event.eventId));
    const sent = events.filter((event) => !this.refusing.has(event.eventId));
    this.sent.push(...sent);
    return { sent, failed };
  }
}

export class RecordingAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];

  async send(events: readonly AuditEvent[]): Promise<void> {
    this.events.push(...events);
  }
}
