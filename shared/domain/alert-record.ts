import type { TriageDecision } from '../routing/decision.ts';
import type { AlertStatus, Labels, Severity, Source } from './alert.ts';

/** A message for the triage queue that is owed but not yet confirmed sent. */
export interface PendingEvent {
  readonly kind: 'triage' | 'resolution';
  readonly revision: number;
  /** Until this time (epoch ms) the request that wrote the event owns sending it; after it, any request may. */
  readonly leaseUntil: number;
  /** The request holding the lease: its own retries (e.g. the SDK retrying a write that landed) may send it. */
  readonly owner: string;
}

/** An alert as stored: one per tenant and identity, revised each time it fires again after resolving. */
export interface AlertRecord {
  readonly tenant: string;
  readonly id: string;
  readonly source: Source;
  readonly fingerprint: string;
  readonly revision: number;
  readonly status: AlertStatus;
  readonly name: string;
  readonly severity?: Severity;
  readonly summary?: string;
  readonly description?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: string;
  readonly endsAt?: string;
  readonly generatorUrl?: string;
  readonly details?: string;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly updatedAt: string;
  /** Notifications received for this alert, all revisions. */
  readonly notifications: number;
  readonly resolvedAt?: string;
  readonly acknowledgedAt?: string;
  /** Events owed to the triage queue, by event id; removed once sent. */
  readonly pending: Readonly<Record<string, PendingEvent>>;
  /** The last event confirmed on the triage queue. */
  readonly queued?: { readonly eventId: string; readonly kind: PendingEvent['kind']; readonly revision: number; readonly at: string };
  /** The latest triage decision; its `revision` says which revision of the alert it decided. */
  readonly decision?: TriageDecision;
  /** Optimistic-concurrency counter: every write is conditioned on it. */
  readonly version: number;
}

/** An event to put on the triage queue; its id is deterministic so consumers can deduplicate. */
export interface AlertEvent {
  readonly eventId: string;
  readonly kind: PendingEvent['kind'];
  readonly tenant: string;
  readonly alertId: string;
  readonly revision: number;
}

export function eventIdFor(alertId: string, revision: number, kind: PendingEvent['kind']): string {
  return `${alertId}:${revision}:${kind}`;
}
