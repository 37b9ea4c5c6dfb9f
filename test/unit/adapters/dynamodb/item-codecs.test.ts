import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ALERT_BODY_DICTIONARY } from '../../../../shared/adapters/dynamodb/alert-body-dictionary.ts';
import { alertFromItem, alertToItem } from '../../../../shared/adapters/dynamodb/alert-item.ts';
import { approvalFromItem, approvalToItem } from '../../../../shared/adapters/dynamodb/approval-item.ts';
import { CorruptItemError, compressJson, deflateJson } from '../../../../shared/adapters/dynamodb/item-codec.ts';
import type { AlertRecord } from '../../../../shared/domain/alerts/alert-record.ts';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { alertRecord, storedApproval } from '../../../support/remediation-fixtures.ts';

/** What DynamoDB hands back: the written item, without the attributes the SDK drops. */
function roundTrip(item: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(item));
}

describe('the approval item', () => {
  const outcome = { status: 'dry-run', executor: 'dry-run', at: '2026-11-22T10:01:00.000Z', detail: 'would restart' } as const;

  it('reads back what was written, outcome included', () => {
    const approval = storedApproval({
      status: 'approved',
      outcome,
      votes: [{ by: 'ann', vote: 'approve', at: '2026-11-22T10:00:00.000Z' }],
    });
    expect(approvalFromItem(roundTrip(approvalToItem(approval)))).toEqual(approval);
  });

  it.each([
    ['a missing status (which once read as pending)', { status: undefined }],
    ['an unknown risk (which once read as high)', { risk: 'catastrophic' }],
    ['a missing task token (which once read as empty)', { taskToken: undefined }],
    ['three required approvals (which once read as one)', { requiredApprovals: 3 }],
    ['an unknown action (which once read as notify)', { action: { name: 'format_disk', params: {} } }],
    ['an outcome that is not JSON', { outcome: '{broken' }],
  ])('fails closed on %s', (_, corruption) => {
    const item = { ...roundTrip(approvalToItem(storedApproval())), ...corruption };
    expect(() => approvalFromItem(JSON.parse(JSON.stringify(item)))).toThrow(CorruptItemError);
  });
});

/** What DynamoDB hands back of an item with binary attributes: undefined ones dropped, bytes kept. */
function stored(value: unknown): unknown {
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(stored);
  return Object.fromEntries(Object.entries(value).flatMap(([name, v]) => (v === undefined ? [] : [[name, stored(v)]])));
}

const storedAlert = (record: AlertRecord) => stored(alertToItem(record)) as Record<string, unknown>;

/** The body of an alert item as written now: deflated against the alert body dictionary. */
function bodyOf(item: Record<string, unknown>): Record<string, unknown> {
  if (!(item.bodyV2 instanceof Uint8Array)) throw new Error('no deflated body');
  return JSON.parse(inflateRawSync(item.bodyV2, { dictionary: ALERT_BODY_DICTIONARY }).toString('utf8'));
}

/** The item as alerts were stored before their body was compressed: the body's attributes at the top. */
function unpackedBody(item: Record<string, unknown>): Record<string, unknown> {
  const { bodyV2: _, ...rest } = item;
  const { owedAudit, pending, ...fields } = bodyOf(item) as { owedAudit: Record<string, unknown>; pending: Record<string, object> };
  const owed = Object.fromEntries(Object.entries(pending).map(([id, lease]) => [id, { ...lease, audit: owedAudit[id] }]));
  return { ...rest, ...fields, pending: owed };
}

/** The item as the version before the dictionary wrote it: the body Brotli-compressed, the leases and `queued` beside it. */
function brotliLayout(item: Record<string, unknown>): Record<string, unknown> {
  const { bodyV2: _, ...rest } = item;
  const { pending, queued, ...body } = bodyOf(item);
  return stored({ ...rest, pending, queued, body: compressJson(body) }) as Record<string, unknown>;
}

const received: AuditEvent = {
  eventId: 'alert-received-1',
  tenant: 't1',
  time: '2026-11-22T10:00:00.000Z',
  type: 'alert.received',
  actor: 'alertmanager',
  subjects: { alertId: 'a1' },
  correlationId: 'c1',
  data: { source: 'alertmanager', name: 'X' },
};

describe('the alert item', () => {
  it('reads back what was written, a label named __proto__ and an owed audit event included', () => {
    const record = alertRecord({
      labels: JSON.parse('{"__proto__":"kept","alertname":"X"}'),
      pending: { [received.eventId]: { kind: 'audit', revision: 1, leaseUntil: 5, owner: 'r1', audit: received } },
    });
    const read = alertFromItem(storedAlert(record));
    expect(read).toEqual(record);
    expect(Object.keys(read.labels)).toEqual(['__proto__', 'alertname']);
  });

  it('keeps what is read whole in one compressed body, and what is filtered, indexed or updated outside it', () => {
    const item = storedAlert(alertRecord({ summary: 'Disk full', groupKey: '{}:{alertname="X"}' }));
    expect(item.bodyV2).toBeInstanceOf(Uint8Array);
    for (const inside of [
      'labels',
      'annotations',
      'summary',
      'groupKey',
      'decision',
      'fingerprint',
      'sentBy',
      'lastSeenAt',
      'pending',
      'queued',
    ])
      expect(item).not.toHaveProperty(inside);
    for (const outside of ['tenant', 'id', 'status', 'severity', 'source', 'updatedAt', 'version']) expect(item).toHaveProperty(outside);
  });

  it('reads an item stored before bodies and owed events were compressed', () => {
    const record = alertRecord({
      pending: { [received.eventId]: { kind: 'audit', revision: 1, leaseUntil: 5, owner: 'r1', audit: received } },
    });
    const legacy = unpackedBody(storedAlert(record));
    expect(legacy.pending).toEqual({ [received.eventId]: record.pending[received.eventId] });
    expect(alertFromItem(stored(legacy) as Record<string, unknown>)).toEqual(record);
  });

  it('reads an item whose body was compressed with Brotli, as before the dictionary', () => {
    const record = alertRecord({
      pending: { [received.eventId]: { kind: 'audit', revision: 1, leaseUntil: 5, owner: 'r1', audit: received } },
    });
    const queued = { eventId: 'a1:1:triage', kind: 'triage' as const, revision: 1, at: '2026-11-22T10:00:00.000Z' };
    expect(alertFromItem(brotliLayout(storedAlert(record)))).toEqual(record);
    expect(alertFromItem(brotliLayout(storedAlert({ ...record, queued })))).toEqual({ ...record, queued });
  });

  it('deflates against a dictionary that never changes (a stored body inflates only with its own)', () => {
    expect(createHash('sha256').update(ALERT_BODY_DICTIONARY).digest('hex')).toBe(
      'd10f517f33330ec06d04d56bd1ede15566b1ac447f715bc2a7bc1728bbcfb82b',
    );
  });

  it('keeps an owed event in the body, its lease beside its payload, and the lease index keys outside', () => {
    const owing = storedAlert(
      alertRecord({ pending: { [received.eventId]: { kind: 'audit', revision: 1, leaseUntil: 5, owner: 'r1', audit: received } } }),
    );
    expect(bodyOf(owing)).toMatchObject({
      pending: { [received.eventId]: { kind: 'audit', revision: 1, leaseUntil: 5, owner: 'r1' } },
      owedAudit: { [received.eventId]: received },
    });
    expect(owing).toMatchObject({ owedShard: 'owed', owedUntil: 5 });
  });

  it('reads the layout before, where an event cleared in place beside the body left its copy in it', () => {
    const owing = brotliLayout(
      storedAlert(
        alertRecord({ pending: { [received.eventId]: { kind: 'audit', revision: 1, leaseUntil: 5, owner: 'r1', audit: received } } }),
      ),
    );
    expect(owing.pending).toEqual({ [received.eventId]: { kind: 'audit', revision: 1, leaseUntil: 5, owner: 'r1' } });
    expect(alertFromItem(owing).pending[received.eventId]?.audit).toEqual(received);
    // markQueued removed pending.<id> in place; the body still holds the copy.
    expect(alertFromItem({ ...owing, pending: {} }).pending).toEqual({});
  });

  it.each([
    ['an unknown source (which once read as generic)', { source: 'carrier-pigeon' }],
    ['a missing status (which once read as firing)', { status: undefined }],
    ['labels that are not JSON (which once read as none)', { labels: 'not json' }],
    ['a decision that does not fit its schema (which once read as undecided)', { decision: JSON.stringify({ category: 'x' }) }],
  ])('fails closed on %s, in either layout', (_, corruption: Record<string, unknown>) => {
    const legacy = { ...unpackedBody(storedAlert(alertRecord())), ...corruption };
    expect(() => alertFromItem(stored(legacy) as Record<string, unknown>)).toThrow(CorruptItemError);
    // Written now: the corruption where the writer keeps that attribute, inside the body or out.
    const item = storedAlert(alertRecord());
    const body = bodyOf(item);
    for (const [name, value] of Object.entries(corruption)) {
      if (name in item || !(name in body)) item[name] = value;
      else body[name] = value;
    }
    item.bodyV2 = deflateJson(body, ALERT_BODY_DICTIONARY);
    expect(() => alertFromItem(stored(item) as Record<string, unknown>)).toThrow(CorruptItemError);
  });

  it('fails closed on a body that is not compressed JSON, in either codec', () => {
    const { bodyV2: _, ...item } = storedAlert(alertRecord());
    expect(() => alertFromItem({ ...item, bodyV2: new Uint8Array([7, 7, 7]) })).toThrow(CorruptItemError);
    expect(() => alertFromItem({ ...item, body: new Uint8Array([7, 7, 7]) })).toThrow(CorruptItemError);
  });
});
