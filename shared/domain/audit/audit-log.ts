import type { AuditEvent } from './audit-event.ts';

/**
 * Where producers send audit events. The chain is appended later, by the audit writer, so a
 * producer never waits on it; `send` throws when the queue cannot take the events, so the
 * producer's own step fails and its caller retries: no event is dropped.
 */
export interface AuditLog {
  send(events: readonly AuditEvent[]): Promise<void>;
}
