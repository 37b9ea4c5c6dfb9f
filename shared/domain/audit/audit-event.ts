/** The audit log's events: who did what, when, to which alert, approval or execution. */
import * as z from 'zod';

import { AUDIT_EVENT_TYPES } from './audit-event-types.ts';

export { AUDIT_EVENT_TYPES, type AuditEventType } from './audit-event-types.ts';

export const auditEventSchema = z.object({
  /** Unique and deterministic where the fact is (e.g. `<alert>:<revision>:received`): a repeat appends nothing. */
  eventId: z.string().min(1).max(200),
  tenant: z.string().min(1).max(64),
  /** ISO 8601, UTC, milliseconds. */
  time: z.string(),
  type: z.enum(AUDIT_EVENT_TYPES),
  /** The principal's subject, or `system`. */
  actor: z.string().min(1).max(300),
  subjects: z
    .object({
      alertId: z.string().optional(),
      approvalId: z.string().optional(),
      executionId: z.string().optional(),
      keyId: z.string().optional(),
      incidentId: z.string().optional(),
    })
    .default({}),
  correlationId: z.string().max(200),
  data: z.record(z.string(), z.unknown()).default({}),
});

export type AuditEvent = z.output<typeof auditEventSchema>;

/** Far below the audit queue's message limit (256 KiB): an event is a fact, not a document. */
export const MAX_AUDIT_EVENT_BYTES = 32 * 1024;

/**
 * Why the audit writer would refuse this event, or undefined: checked by every producer before
 * sending, so an event that cannot be chained fails the change it records, loudly, instead of
 * dying quietly in the audit DLQ.
 */
export function auditEventRefusal(event: AuditEvent): string | undefined {
  const parsed = auditEventSchema.safeParse(event);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  const bytes = Buffer.byteLength(JSON.stringify(event));
  if (bytes > MAX_AUDIT_EVENT_BYTES) return `it is ${bytes} bytes; an audit event is at most ${MAX_AUDIT_EVENT_BYTES}`;
  return undefined;
}

/** An event once appended to its tenant's chain. */
export interface AuditEntry extends AuditEvent {
  /** 1, 2, 3… per tenant, without gaps. */
  readonly seq: number;
  /** The previous entry's hash (64 zeros for seq 1). */
  readonly prevHash: string;
  /** SHA-256 (hex) of the RFC 8785 canonical JSON of the entry without `hash`, followed by `prevHash`. */
  readonly hash: string;
}
