import { describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '../../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { applyIncomingAlert } from '../../shared/domain/alerts/alert-lifecycle.ts';
import type { AlertRecord } from '../../shared/domain/alerts/alert-record.ts';
import { BadRequestError, ConflictError } from '../../shared/domain/errors.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

const store = new DynamoAlertStore(localDynamo(), emulators().tables.alerts);

function record(tenant: string, id: string, overrides: Partial<AlertRecord> = {}): AlertRecord {
  const { next } = applyIncomingAlert(
    undefined,
    {
      source: 'generic',
      fingerprint: id,
      status: 'firing',
      name: 'Test',
      labels: { alertname: 'Test', id },
      annotations: {},
      startsAt: '2026-11-22T10:00:00.000Z',
    },
    { tenant, id, now: new Date('2026-11-22T10:00:00Z'), leaseMs: 1000, requestId: 'test', actor: 'test', correlationId: 'test' },
  );
  if (next === undefined) throw new Error('no record');
  return { ...next, ...overrides };
}

describe('the DynamoDB alert store', () => {
  it('refuses to create an alert that already exists', async () => {
    const tenant = freshTenant('store');
    await store.save({ record: record(tenant, 'a'), expectedVersion: undefined });
    await expect(store.save({ record: record(tenant, 'a'), expectedVersion: undefined })).rejects.toThrow(ConflictError);
  });

  it('refuses a write based on a stale version', async () => {
    const tenant = freshTenant('store');
    await store.save({ record: record(tenant, 'a'), expectedVersion: undefined });
    const stored = await store.get(tenant, 'a');
    await store.save({ record: { ...(stored as AlertRecord), name: 'first' }, expectedVersion: stored?.version });
    await expect(store.save({ record: { ...(stored as AlertRecord), name: 'second' }, expectedVersion: stored?.version })).rejects.toThrow(
      ConflictError,
    );
    expect((await store.get(tenant, 'a'))?.name).toBe('first');
  });

  it('keeps a label named __proto__ through a round trip', async () => {
    const tenant = freshTenant('store');
    const labels = JSON.parse('{"__proto__":"x","job":"api"}');
    await store.save({ record: record(tenant, 'p', { labels }), expectedVersion: undefined });
    expect(Object.entries((await store.get(tenant, 'p'))?.labels ?? {})).toEqual([
      ['__proto__', 'x'],
      ['job', 'api'],
    ]);
  });

  it("never returns another tenant's alert", async () => {
    const owner = freshTenant('owner');
    await store.save({ record: record(owner, 'secret'), expectedVersion: undefined });
    expect(await store.get(freshTenant('intruder'), 'secret')).toBeUndefined();
    expect((await store.getMany(freshTenant('intruder'), ['secret'])).size).toBe(0);
  });

  it('lists newest first, filtered, page by page with a cursor', async () => {
    const tenant = freshTenant('list');
    for (let i = 0; i < 7; i++) {
      const at = `2026-11-22T10:0${i}:00.000Z`;
      const status = i % 2 === 0 ? 'firing' : 'resolved';
      await store.save({ record: record(tenant, `a${i}`, { updatedAt: at, status }), expectedVersion: undefined });
    }
    const first = await store.list(tenant, { status: 'firing' }, 2, undefined);
    expect(first.items.map((a) => a.id)).toEqual(['a6', 'a4']);
    const second = await store.list(tenant, { status: 'firing' }, 2, first.cursor);
    expect(second.items.map((a) => a.id)).toEqual(['a2', 'a0']);
    const rest = second.cursor === undefined ? [] : (await store.list(tenant, { status: 'firing' }, 2, second.cursor)).items;
    expect(rest).toEqual([]);
    const recent = await store.list(tenant, { since: '2026-11-22T10:05:00.000Z' }, 50, undefined);
    expect(recent.items.map((a) => a.id)).toEqual(['a6', 'a5']);
    // The index projects keys and filters only: what is listed is the whole record, read from the table.
    expect(first.items[0]).toEqual(await store.get(tenant, 'a6'));
  });

  it("keeps a cursor inside the caller's tenant", async () => {
    const owner = freshTenant('cursor');
    for (let i = 0; i < 3; i++)
      await store.save({ record: record(owner, `c${i}`, { updatedAt: `2026-11-22T11:0${i}:00.000Z` }), expectedVersion: undefined });
    const page = await store.list(owner, {}, 1, undefined);
    const other = await store.list(freshTenant('other'), {}, 10, page.cursor);
    expect(other.items).toEqual([]);
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(store.list('t', {}, 10, 'not-a-cursor')).rejects.toThrow(BadRequestError);
  });

  it('saves a batch, each record under its own condition, and reports only the stale ones as conflicts', async () => {
    const tenant = freshTenant('batch');
    await store.save({ record: record(tenant, 'stale'), expectedVersion: undefined });
    const writes = Array.from({ length: 150 }, (_, i) => ({ record: record(tenant, `b${i}`), expectedVersion: undefined }));
    writes.push({ record: record(tenant, 'stale'), expectedVersion: undefined });
    const { saved, conflicts } = await store.saveAll(writes);
    expect(conflicts).toEqual(['stale']);
    expect(saved).toHaveLength(150);
    expect(
      (
        await store.getMany(
          tenant,
          writes.map((w) => w.record.id),
        )
      ).size,
    ).toBe(151);
  });

  it('clears queued events even when the record changed after it was written', async () => {
    const tenant = freshTenant('mark');
    const event = { eventId: 'm:1:triage', kind: 'triage' as const, tenant, alertId: 'm', revision: 1 };
    const written = await store.save({
      record: record(tenant, 'm', { pending: { 'm:1:triage': { kind: 'triage', revision: 1, leaseUntil: 1, owner: 'someone' } } }),
      expectedVersion: undefined,
    });
    await store.save({ record: { ...written, notifications: 5 }, expectedVersion: written.version });
    await store.markQueued([{ record: written, events: [event] }], '2026-11-22T10:00:01.000Z');
    const stored = await store.get(tenant, 'm');
    expect(stored?.pending).toEqual({});
    expect(stored?.notifications).toBe(5);
    expect(stored?.queued).toMatchObject({ eventId: 'm:1:triage' });
  });

  it('releases a lease on the record as it is now, and writes nothing once another request settled it', async () => {
    const tenant = freshTenant('release');
    const lease = { kind: 'triage' as const, revision: 1, leaseUntil: 9_999_999_999_999, owner: 'me' };
    const event = { eventId: 'r:1:triage', kind: 'triage' as const, tenant, alertId: 'r', revision: 1 };
    const written = await store.save({ record: record(tenant, 'r', { pending: { 'r:1:triage': lease } }), expectedVersion: undefined });
    await store.save({ record: { ...written, notifications: 7 }, expectedVersion: written.version });
    await store.releaseLease(tenant, 'r', [event]);
    const released = await store.get(tenant, 'r');
    expect(released?.pending['r:1:triage']?.leaseUntil).toBe(0);
    expect(released?.notifications).toBe(7);
    // The sweeper sees it at once.
    expect(await store.listOwed(Date.now(), 10_000)).toContainEqual({ tenant, id: 'r' });
    if (released === undefined) throw new Error('the alert is gone');
    await store.markQueued([{ record: released, events: [event] }], '2026-11-22T10:00:01.000Z');
    const settled = await store.get(tenant, 'r');
    await store.releaseLease(tenant, 'r', [event]);
    expect((await store.get(tenant, 'r'))?.version).toBe(settled?.version);
    expect(settled?.pending).toEqual({});
  });

  it('refuses a cursor from a query with other filters, or with a tampered position', async () => {
    const tenant = freshTenant('cursor2');
    for (let i = 0; i < 3; i++)
      await store.save({ record: record(tenant, `d${i}`, { updatedAt: `2026-11-22T12:0${i}:00.000Z` }), expectedVersion: undefined });
    const page = await store.list(tenant, {}, 1, undefined);
    await expect(store.list(tenant, { status: 'resolved' }, 1, page.cursor)).rejects.toThrow(/other filters/);
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(page.cursor ?? '', 'base64url').toString()), updatedAt: '' }),
    ).toString('base64url');
    await expect(store.list(tenant, {}, 1, tampered)).rejects.toThrow(BadRequestError);
  });
});
