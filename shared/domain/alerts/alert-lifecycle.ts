/**
 * What one incoming alert does to the stored one. Pure: the store runs it inside an
 * optimistic-concurrency loop, so two copies of the same notification (Alertmanager HA
 * pairs) produce one `created` and one `updated`, and exactly one triage event.
 */

import type { AuditEvent } from '../audit/audit-event.ts';
import type { IncomingAlert, Outcome } from './alert.ts';
import { type AlertEvent, type AlertRecord, eventIdFor, isTriageBound, type PendingEvent } from './alert-record.ts';

export interface TransitionContext {
  readonly tenant: string;
  readonly id: string;
  readonly now: Date;
  /** How long the writing request owns sending the events it wrote. */
  readonly leaseMs: number;
  /** Identifies the request, so it can recognise the leases it holds itself. */
  readonly requestId: string;
  /** Who sent the notification (recorded in the audit log), and the request's correlation id. */
  readonly actor: string;
  readonly correlationId: string;
}

export interface Transition {
  readonly outcome: Outcome;
  /** The record to write, or undefined when nothing changed (no write needed). */
  readonly next: AlertRecord | undefined;
  /** Events this request now owns sending. */
  readonly enqueue: readonly AlertEvent[];
}

type StateChange = { outcome: Outcome; record: AlertRecord; newEvent?: PendingEvent['kind'] } | { outcome: 'duplicate' };

function created(incoming: IncomingAlert, ctx: TransitionContext, revision: number, previous?: AlertRecord): AlertRecord {
  const at = ctx.now.toISOString();
  return {
    tenant: ctx.tenant,
    id: ctx.id,
    source: incoming.source,
    fingerprint: incoming.fingerprint,
    revision,
    status: incoming.status,
    name: incoming.name,
    severity: incoming.severity,
    summary: incoming.summary,
    description: incoming.description,
    labels: incoming.labels,
    annotations: incoming.annotations,
    startsAt: incoming.startsAt,
    endsAt: incoming.endsAt,
    generatorUrl: incoming.generatorUrl,
    details: incoming.details,
    groupKey: incoming.groupKey,
    firstSeenAt: previous?.firstSeenAt ?? at,
    lastSeenAt: at,
    updatedAt: at,
    notifications: (previous?.notifications ?? 0) + 1,
    sentBy: ctx.actor,
    resolvedAt: incoming.status === 'resolved' ? at : undefined,
    acknowledgedAt: incoming.status === 'acknowledged' ? at : undefined,
    pending: previous?.pending ?? {},
    queued: previous?.queued,
    // The previous revision's decision stays until this revision's is made (it names its revision).
    decision: previous?.decision,
    version: previous?.version ?? 0,
  };
}

/**
 * Seen again: refresh what a firing notification may change, keep identity and history.
 * `updatedAt` (the listing's order and its "since") moves only when something the alert shows
 * changed: a plain repeat moves `lastSeenAt` and the count, so it rewrites no index entry.
 */
function seenAgain(current: AlertRecord, incoming: IncomingAlert, at: string): AlertRecord {
  const content =
    incoming.status === 'firing'
      ? {
          severity: incoming.severity ?? current.severity,
          summary: incoming.summary ?? current.summary,
          description: incoming.description ?? current.description,
          annotations: incoming.annotations,
          generatorUrl: incoming.generatorUrl ?? current.generatorUrl,
          details: incoming.details ?? current.details,
          groupKey: incoming.groupKey ?? current.groupKey,
        }
      : {};
  const changed = Object.entries(content).some(
    ([field, value]) => JSON.stringify(value) !== JSON.stringify(current[field as keyof typeof content]),
  );
  return { ...current, ...content, lastSeenAt: at, updatedAt: changed ? at : current.updatedAt, notifications: current.notifications + 1 };
}

function changeState(current: AlertRecord | undefined, incoming: IncomingAlert, ctx: TransitionContext): StateChange {
  const at = ctx.now.toISOString();
  if (current === undefined) {
    const record = created(incoming, ctx, 1);
    if (incoming.status === 'firing') return { outcome: 'created', record, newEvent: 'triage' };
    // A resolve or acknowledge for an alert never seen: kept, nothing to triage.
    return { outcome: incoming.status === 'resolved' ? 'resolved' : 'created', record };
  }
  if (current.status === 'resolved') {
    // Firing with the resolved episode's own start time is a late copy, not a new episode.
    if (incoming.status !== 'firing' || incoming.startsAt === current.startsAt) return { outcome: 'duplicate' };
    const record = created(incoming, ctx, current.revision + 1, current);
    return { outcome: 'created', record: { ...record, firstSeenAt: current.firstSeenAt }, newEvent: 'triage' };
  }
  // A copy of an earlier episode's notification, delayed past the start of this one.
  if (incoming.startsAt < current.startsAt) return { outcome: 'duplicate' };
  if (incoming.status === 'resolved') {
    const record = {
      ...seenAgain(current, incoming, at),
      status: 'resolved' as const,
      resolvedAt: at,
      endsAt: incoming.endsAt ?? at,
      updatedAt: at,
    };
    return { outcome: 'resolved', record, newEvent: 'resolution' };
  }
  if (incoming.status === 'acknowledged') {
    if (current.status === 'acknowledged') return { outcome: 'duplicate' };
    return {
      outcome: 'updated',
      record: { ...seenAgain(current, incoming, at), status: 'acknowledged', acknowledgedAt: at, updatedAt: at },
    };
  }
  // Firing again while firing or acknowledged: a repeat notification.
  return { outcome: 'updated', record: seenAgain(current, incoming, at) };
}

/** Whether `next` is `current` seen again and nothing else: only `lastSeenAt` and the count differ. */
export function isPlainRepeat(current: AlertRecord, next: AlertRecord): boolean {
  const fields = new Set([...Object.keys(current), ...Object.keys(next)]);
  for (const field of ['lastSeenAt', 'notifications'] as const) fields.delete(field);
  return [...fields].every(
    (field) => JSON.stringify(current[field as keyof AlertRecord]) === JSON.stringify(next[field as keyof AlertRecord]),
  );
}

/** Applies one incoming alert to the stored record (if any) and says what to write and send. */
export function applyIncomingAlert(current: AlertRecord | undefined, incoming: IncomingAlert, ctx: TransitionContext): Transition {
  const change = changeState(current, incoming, ctx);
  const base = 'record' in change ? change.record : current;
  if (base === undefined) throw new Error('a duplicate needs a stored alert');

  const now = ctx.now.getTime();
  const leaseUntil = now + ctx.leaseMs;
  const pending: Record<string, PendingEvent> = { ...base.pending };
  const enqueue: AlertEvent[] = [];
  const own = (eventId: string, event: PendingEvent) => {
    if (enqueue.some((owned) => owned.eventId === eventId)) return;
    pending[eventId] = { ...event, leaseUntil, owner: ctx.requestId };
    enqueue.push({ eventId, kind: event.kind, tenant: base.tenant, alertId: base.id, revision: event.revision, audit: event.audit });
  };
  // Events a failed or crashed request left behind are claimed by whoever sees them next; this
  // request's own (a write that landed before its retry) are still its own.
  for (const [eventId, event] of Object.entries(base.pending)) {
    if (event.leaseUntil <= now || event.owner === ctx.requestId) own(eventId, event);
  }
  if ('newEvent' in change && change.newEvent !== undefined) {
    const event = { kind: change.newEvent, revision: base.revision, leaseUntil, owner: ctx.requestId };
    own(eventIdFor(base.id, base.revision, change.newEvent), event);
  }
  if ('record' in change) {
    for (const type of auditedChanges(current, change.record)) {
      const audit = auditEventOf(type, change.record, ctx);
      own(audit.eventId, { kind: 'audit', revision: base.revision, leaseUntil, owner: ctx.requestId, audit });
    }
  }

  if (change.outcome === 'duplicate' && enqueue.length === 0) return { outcome: 'duplicate', next: undefined, enqueue };
  return { outcome: reportedOutcome(change.outcome, enqueue), next: { ...base, pending }, enqueue };
}

type AlertAuditType = 'alert.received' | 'alert.resolved' | 'alert.acknowledged';

/** What the audit log records of a change: a new alert or revision, a resolve, an acknowledge. */
function auditedChanges(current: AlertRecord | undefined, next: AlertRecord): AlertAuditType[] {
  const types: AlertAuditType[] = [];
  if (current === undefined || next.revision > current.revision) types.push('alert.received');
  if (next.status === 'resolved' && (current?.status !== 'resolved' || next.revision > current.revision)) types.push('alert.resolved');
  if (next.status === 'acknowledged' && current?.status !== 'acknowledged') types.push('alert.acknowledged');
  return types;
}

function auditEventOf(type: AlertAuditType, record: AlertRecord, ctx: TransitionContext): AuditEvent {
  return {
    eventId: eventIdFor(record.id, record.revision, type),
    tenant: record.tenant,
    time: ctx.now.toISOString(),
    type,
    actor: ctx.actor,
    subjects: { alertId: record.id },
    correlationId: ctx.correlationId,
    data: {
      source: record.source,
      fingerprint: record.fingerprint,
      name: record.name,
      revision: record.revision,
      status: record.status,
      severity: record.severity ?? null,
    },
  };
}

/** A retry that re-sends an event left behind reports what that event was, so the sender sees it landed. */
function reportedOutcome(outcome: Outcome, enqueue: readonly AlertEvent[]): Outcome {
  if (outcome !== 'updated' && outcome !== 'duplicate') return outcome;
  const last = enqueue.filter(isTriageBound).at(-1);
  if (last === undefined) return outcome;
  return last.kind === 'triage' ? 'created' : 'resolved';
}

/**
 * For the sweeper: claims the events of a record whose leases have run out, as a request seeing
 * the alert again would. `next` rewrites the record even when nothing is owed any more, which
 * drops it from the owed-lease index.
 */
export function claimOwedEvents(record: AlertRecord, ctx: Pick<TransitionContext, 'now' | 'leaseMs' | 'requestId'>): Transition {
  const now = ctx.now.getTime();
  const leaseUntil = now + ctx.leaseMs;
  const pending: Record<string, PendingEvent> = { ...record.pending };
  const enqueue: AlertEvent[] = [];
  for (const [eventId, event] of Object.entries(record.pending)) {
    if (event.leaseUntil > now) continue;
    pending[eventId] = { ...event, leaseUntil, owner: ctx.requestId };
    enqueue.push({ eventId, kind: event.kind, tenant: record.tenant, alertId: record.id, revision: event.revision, audit: event.audit });
  }
  return { outcome: 'updated', next: { ...record, pending }, enqueue };
}
