import { describe, expect, it } from 'vitest';
import type { IncomingAlert } from '../../../../shared/domain/alerts/alert.ts';
import { applyIncomingAlert, isPlainRepeat, type Transition } from '../../../../shared/domain/alerts/alert-lifecycle.ts';
import { type AlertRecord, isTriageBound } from '../../../../shared/domain/alerts/alert-record.ts';

const t0 = new Date('2026-11-22T10:00:00Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const ctx = (now: Date, requestId = `request-${now.getTime()}`) => ({
  tenant: 'acme',
  id: 'a1',
  now,
  leaseMs: 60_000,
  requestId,
  actor: 'integration-key:k1',
  correlationId: 'corr-1',
});

/** The events for the triage queue, and the audit types, of a transition. */
const triage = (transition: Transition) => transition.enqueue.filter(isTriageBound);
const audited = (transition: Transition) => transition.enqueue.filter((e) => e.kind === 'audit').map((e) => e.audit?.type);

const firing: IncomingAlert = {
  source: 'alertmanager',
  fingerprint: '0123456789abcdef',
  status: 'firing',
  name: 'DiskFull',
  severity: 'critical',
  labels: { alertname: 'DiskFull', instance: 'db-1' },
  annotations: { summary: 'disk full' },
  startsAt: '2026-11-22T09:59:00.000Z',
};
const resolved: IncomingAlert = { ...firing, status: 'resolved', endsAt: '2026-11-22T10:05:00.000Z' };

/** Applies and then "stores" the result as the store would (version + 1), optionally confirming the sends. */
function store(current: AlertRecord | undefined, transition: Transition, { sent }: { sent: boolean }): AlertRecord {
  const next = transition.next ?? current;
  if (next === undefined) throw new Error('nothing stored');
  const pending = { ...next.pending };
  if (sent) for (const event of transition.enqueue) delete pending[event.eventId];
  return { ...next, pending, version: next.version + 1 };
}

describe('applying an incoming alert', () => {
  it('creates a new firing alert at revision 1 and owes one triage event', () => {
    const result = applyIncomingAlert(undefined, firing, ctx(t0));
    expect(result.outcome).toBe('created');
    expect(result.next).toMatchObject({ revision: 1, status: 'firing', notifications: 1 });
    expect(triage(result)).toEqual([{ eventId: 'a1:1:triage', kind: 'triage', tenant: 'acme', alertId: 'a1', revision: 1 }]);
    expect(audited(result)).toEqual(['alert.received']);
  });

  it('counts a repeat and sends nothing', () => {
    const stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    const result = applyIncomingAlert(stored, { ...firing, annotations: { summary: 'still full' } }, ctx(later(30)));
    expect(result.outcome).toBe('updated');
    expect(result.enqueue).toEqual([]);
    expect(result.next).toMatchObject({ notifications: 2, lastSeenAt: later(30).toISOString(), annotations: { summary: 'still full' } });
  });

  it('moves updatedAt for a repeat only when what the alert shows changed', () => {
    const stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    const plain = applyIncomingAlert(stored, firing, ctx(later(30)));
    expect(plain.next).toMatchObject({ notifications: 2, lastSeenAt: later(30).toISOString(), updatedAt: t0.toISOString() });
    const changed = applyIncomingAlert(stored, { ...firing, annotations: { summary: 'still full' } }, ctx(later(40)));
    expect(changed.next).toMatchObject({ updatedAt: later(40).toISOString() });
    const acknowledged = applyIncomingAlert(stored, { ...firing, status: 'acknowledged' }, ctx(later(50)));
    expect(acknowledged.next).toMatchObject({ status: 'acknowledged', updatedAt: later(50).toISOString() });
  });

  it('tells a plain repeat (only seen again) from one that changes what the alert holds', () => {
    const stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    const plain = applyIncomingAlert(stored, firing, ctx(later(30))).next;
    const changed = applyIncomingAlert(stored, { ...firing, annotations: { summary: 'still full' } }, ctx(later(40))).next;
    if (plain === undefined || changed === undefined) throw new Error('expected both to change the record');
    expect(isPlainRepeat(stored, plain)).toBe(true);
    expect(isPlainRepeat(stored, changed)).toBe(false);
    // One that still owes events past their lease claims them: the record changes, so not plain.
    const owing = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: false });
    const claimed = applyIncomingAlert(owing, firing, ctx(later(120), 'another-request')).next;
    if (claimed === undefined) throw new Error('expected a claim');
    expect(isPlainRepeat(owing, claimed)).toBe(false);
  });

  it('resolves a firing alert and owes a resolution event', () => {
    const stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    const result = applyIncomingAlert(stored, resolved, ctx(later(300)));
    expect(result.outcome).toBe('resolved');
    expect(result.next).toMatchObject({ status: 'resolved', revision: 1, endsAt: resolved.endsAt, updatedAt: later(300).toISOString() });
    expect(triage(result).map((e) => e.eventId)).toEqual(['a1:1:resolution']);
    expect(audited(result)).toEqual(['alert.resolved']);
  });

  it('treats a second resolve as a duplicate that writes nothing', () => {
    let stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    stored = store(stored, applyIncomingAlert(stored, resolved, ctx(later(300))), { sent: true });
    const result = applyIncomingAlert(stored, resolved, ctx(later(310)));
    expect(result).toEqual({ outcome: 'duplicate', next: undefined, enqueue: [] });
  });

  it('opens a new revision when the alert fires again after resolving', () => {
    let stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    stored = store(stored, applyIncomingAlert(stored, resolved, ctx(later(300))), { sent: true });
    const again = { ...firing, startsAt: '2026-11-22T11:00:00.000Z' };
    const result = applyIncomingAlert(stored, again, ctx(later(3600)));
    expect(result.outcome).toBe('created');
    expect(result.next).toMatchObject({ revision: 2, status: 'firing', firstSeenAt: t0.toISOString(), notifications: 3 });
    expect(result.next?.resolvedAt).toBeUndefined();
    expect(triage(result).map((e) => e.eventId)).toEqual(['a1:2:triage']);
    expect(audited(result)).toEqual(['alert.received']);
  });

  it('ignores a late copy of the firing notification of an episode already resolved', () => {
    let stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    stored = store(stored, applyIncomingAlert(stored, resolved, ctx(later(300))), { sent: true });
    expect(applyIncomingAlert(stored, firing, ctx(later(301))).outcome).toBe('duplicate');
  });

  it('acknowledges, and a second acknowledge is a duplicate', () => {
    const stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    const ack: IncomingAlert = { ...firing, status: 'acknowledged', labels: {}, annotations: {} };
    const result = applyIncomingAlert(stored, ack, ctx(later(60)));
    expect(result.outcome).toBe('updated');
    expect(result.next).toMatchObject({ status: 'acknowledged', labels: firing.labels, annotations: firing.annotations });
    expect(applyIncomingAlert(store(stored, result, { sent: true }), ack, ctx(later(61))).outcome).toBe('duplicate');
  });

  it('leaves an event owed by another in-flight request alone while its lease runs', () => {
    const inFlight = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: false });
    const result = applyIncomingAlert(inFlight, firing, ctx(later(1)));
    expect(result.outcome).toBe('updated');
    expect(result.enqueue).toEqual([]);
  });

  it('claims an event whose sender gave up its lease, and reports it as created', () => {
    const failed = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: false });
    const released = { ...failed, pending: { 'a1:1:triage': { kind: 'triage' as const, revision: 1, leaseUntil: 0, owner: 'crashed' } } };
    const result = applyIncomingAlert(released, firing, ctx(later(5)));
    expect(result.outcome).toBe('created');
    expect(triage(result).map((e) => e.eventId)).toEqual(['a1:1:triage']);
    expect(result.next?.pending['a1:1:triage']?.leaseUntil).toBe(later(5).getTime() + 60_000);
  });

  it('keeps an unsent triage event when the alert resolves meanwhile, so nothing is lost', () => {
    const crashed = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: false });
    const result = applyIncomingAlert(crashed, resolved, ctx(later(120)));
    expect(triage(result).map((e) => e.eventId)).toEqual(['a1:1:triage', 'a1:1:resolution']);
  });

  it('stores a resolve for an alert never seen, without owing an event', () => {
    const result = applyIncomingAlert(undefined, resolved, ctx(t0));
    expect(result.outcome).toBe('resolved');
    expect(result.next?.status).toBe('resolved');
    expect(triage(result)).toEqual([]);
    expect(audited(result)).toEqual(['alert.received', 'alert.resolved']);
  });

  it('lets a request retry its own write: the events it leased are still its to send', () => {
    const landed = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0, 'req-1')), { sent: false });
    const retry = applyIncomingAlert(landed, firing, ctx(later(1), 'req-1'));
    expect(triage(retry).map((e) => e.eventId)).toEqual(['a1:1:triage']);
    expect(retry.outcome).toBe('created');
  });

  it('ignores a resolve delayed past the start of a newer episode', () => {
    let stored = store(undefined, applyIncomingAlert(undefined, firing, ctx(t0)), { sent: true });
    stored = store(stored, applyIncomingAlert(stored, resolved, ctx(later(300))), { sent: true });
    stored = store(stored, applyIncomingAlert(stored, { ...firing, startsAt: '2026-11-22T11:00:00.000Z' }, ctx(later(3600))), {
      sent: true,
    });
    const late = applyIncomingAlert(stored, resolved, ctx(later(3601)));
    expect(late).toEqual({ outcome: 'duplicate', next: undefined, enqueue: [] });
  });

  it('records in the audit log who sent the alert, with the correlation id, once per change', () => {
    const result = applyIncomingAlert(undefined, firing, ctx(t0));
    const [event] = result.enqueue.filter((e) => e.kind === 'audit');
    expect(event?.audit).toMatchObject({
      eventId: 'a1:1:alert.received',
      tenant: 'acme',
      type: 'alert.received',
      actor: 'integration-key:k1',
      subjects: { alertId: 'a1' },
      correlationId: 'corr-1',
      time: t0.toISOString(),
    });
    const stored = store(undefined, result, { sent: true });
    expect(audited(applyIncomingAlert(stored, firing, ctx(later(30))))).toEqual([]);
    const ack: IncomingAlert = { ...firing, status: 'acknowledged', labels: {}, annotations: {} };
    expect(audited(applyIncomingAlert(stored, ack, ctx(later(60))))).toEqual(['alert.acknowledged']);
  });
});
