import type { AuditEvent } from '../audit/audit-event.ts';
import type { RemediationSummary } from '../remediation/remediation.ts';
import type { TriageDecision } from '../triage/decision.ts';
import type { IncomingAlert } from './alert.ts';

/** What an owed event is: a triage-queue message (`triage`, `resolution`) or an audit event. */
export type PendingKind = 'triage' | 'resolution' | 'audit';

/**
 * An event owed to a queue and not yet confirmed sent: written on the alert in the same write as
 * the change it reports (an outbox), so a crash between the write and the send loses nothing.
 */
export interface PendingEvent {
  readonly kind: PendingKind;
  readonly revision: number;
  /** Until this time (epoch ms) the request that wrote the event owns sending it; after it, any request may. */
  readonly leaseUntil: number;
  /** The request holding the lease: its own retries (e.g. the SDK retrying a write that landed) may send it. */
  readonly owner: string;
  /** For `audit`: the event itself. */
  readonly audit?: AuditEvent;
}

/** An alert as stored: one per tenant and identity, revised each time it fires again after resolving. */
export interface AlertRecord extends IncomingAlert {
  readonly tenant: string;
  readonly id: string;
  readonly revision: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  /** When its status or content last changed: a plain repeat moves lastSeenAt only. */
  readonly updatedAt: string;
  /** Notifications received for this alert, all revisions. */
  readonly notifications: number;
  readonly resolvedAt?: string;
  readonly acknowledgedAt?: string;
  /**
   * Who sent the notification that opened this revision (a principal or an integration key):
   * the requester of whatever triage proposes for it. Absent on records from before it was kept.
   */
  readonly sentBy?: string;
  /** Events owed to the triage queue, by event id; removed once sent. */
  readonly pending: Readonly<Record<string, PendingEvent>>;
  /** The last event confirmed on the triage queue. */
  readonly queued?: { readonly eventId: string; readonly kind: 'triage' | 'resolution'; readonly revision: number; readonly at: string };
  /** The incident this revision belongs to, once triage grouped it. */
  readonly incidentId?: string;
  /** The latest triage decision; its `revision` says which revision of the alert it decided. */
  readonly decision?: TriageDecision;
  /** The remediations of this alert (all revisions), by execution name. */
  readonly remediations?: Readonly<Record<string, RemediationSummary>>;
  /** Optimistic-concurrency counter: every write is conditioned on it. */
  readonly version: number;
}

/** An owed event to send; its id is deterministic so consumers can deduplicate. */
export interface AlertEvent {
  readonly eventId: string;
  readonly kind: PendingKind;
  readonly tenant: string;
  readonly alertId: string;
  readonly revision: number;
  readonly audit?: AuditEvent;
}

export function eventIdFor(alertId: string, revision: number, kind: string): string {
  return `${alertId}:${revision}:${kind}`;
}

/** Events for the triage queue (the rest go to the audit log). */
export function isTriageBound<E extends { readonly kind: PendingKind }>(event: E): event is E & { readonly kind: 'triage' | 'resolution' } {
  return event.kind !== 'audit';
}
