import { describe, expect, it } from 'vitest';
import { DynamoAuditStore } from '../../shared/adapters/dynamodb/dynamo-audit-store.ts';
import { appendAuditEvent, appendAuditEvents } from '../../shared/app/audit/append-audit-event.ts';
import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import { verifyChain } from '../../shared/domain/audit/verify-chain.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

const store = new DynamoAuditStore(localDynamo(), emulators().tables.audit);

function event(tenant: string, n: number): AuditEvent {
  return {
    eventId: `evt-${n}`,
    tenant,
    time: new Date(Date.UTC(2026, 10, 22, 10, 0, n % 60)).toISOString(),
    type: 'alert.received',
    actor: `integration-key:${n % 3}`,
    subjects: { alertId: `alert-${n % 5}` },
    correlationId: `corr-${n}`,
    data: { n },
  };
}

/** A client whose writer stops (throws) at its second entry, its first event-id marker, or the head. */
function stoppingBefore(what: 'second entry' | 'marker' | 'head') {
  const client = localDynamo();
  let entries = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      // Only a Put has an Item.
      const sk = String((args.input as { Item?: { sk?: unknown } }).Item?.sk ?? '');
      if (sk.startsWith('e#')) entries += 1;
      const stops = what === 'head' ? sk === 'head' : what === 'marker' ? sk.startsWith('id#') : entries === 2;
      if (stops) throw new Error('stopped');
      return next(args);
    },
    { step: 'initialize', name: 'stopBefore' },
  );
  return client;
}

async function allEntries(tenant: string) {
  const entries = [];
  for (let after = 0; ; ) {
    const page = await store.entries(tenant, after, 100);
    if (page.length === 0) return entries;
    entries.push(...page);
    after = page.at(-1)?.seq ?? after;
  }
}

describe('the audit chain on DynamoDB Local', () => {
  it('stays contiguous, without gaps or doubles, when many writers append to one tenant at once', async () => {
    const tenant = freshTenant('chain');
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, n) => appendAuditEvent(store, event(tenant, n))));
    expect(outcomes).not.toHaveLength(0);
    expect(outcomes.filter((o) => !(o.result === 'appended'))).toEqual([]);
    const entries = await allEntries(tenant);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(40);
    const verdict = await verifyChain(entries);
    expect(verdict).toMatchObject({ valid: true, checked: 40, head: { seq: 40 } });
    expect(await store.head(tenant)).toEqual(verdict.head);
  });

  it('commits what a writer left when it stopped before the head, and appends none of it twice', async () => {
    for (const stopAt of ['second entry', 'marker', 'head'] as const) {
      const tenant = freshTenant(`stopped-${stopAt.replace(' ', '-')}`);
      await appendAuditEvents(store, [event(tenant, 0)]);
      const stopping = new DynamoAuditStore(stoppingBefore(stopAt), emulators().tables.audit);
      // The writer dies with some or all of its entries (and, at the head, their markers) written, its head not moved.
      await expect(
        appendAuditEvents(
          stopping,
          [1, 2, 3].map((n) => event(tenant, n)),
        ),
      ).rejects.toThrow('stopped');
      const head = await store.head(tenant);
      expect(head).toMatchObject({ seq: 1 });
      const left = await allEntries(tenant);
      expect(left).toHaveLength(stopAt === 'second entry' ? 2 : 4);
      // A reader meanwhile sees a valid chain up to the head; SQS then delivers the batch again, with one more event.
      expect(await verifyChain(left.filter((e) => e.seq <= (head?.seq ?? 0)))).toMatchObject({ valid: true, head });
      const summary = await appendAuditEvents(
        store,
        [1, 2, 3, 4].map((n) => event(tenant, n)),
      );
      expect(summary).toEqual(stopAt === 'second entry' ? { appended: 3, duplicates: 1 } : { appended: 1, duplicates: 3 });
      const entries = await allEntries(tenant);
      expect(entries.map((e) => e.eventId)).toEqual(['evt-0', 'evt-1', 'evt-2', 'evt-3', 'evt-4']);
      expect(await verifyChain(entries)).toMatchObject({ valid: true, checked: 5 });
      expect(await store.head(tenant)).toEqual({ seq: 5, hash: entries.at(-1)?.hash });
      expect(await store.seqsOf(tenant, ['evt-2'])).toEqual(new Map([['evt-2', 3]]));
    }
  });

  it('keeps every event once when writers race with batches that overlap (a message delivered twice)', async () => {
    const tenant = freshTenant('batches');
    const batches = Array.from({ length: 8 }, (_, w) => [0, 1, 2, 3, 4].map((i) => event(tenant, w * 4 + i)));
    await Promise.all(batches.map((batch) => appendAuditEvents(store, batch)));
    const entries = await allEntries(tenant);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(33);
    expect(await verifyChain(entries)).toMatchObject({ valid: true, checked: 33 });
    expect(await store.head(tenant)).toMatchObject({ seq: 33 });
  });

  it('appends nothing for an event delivered again', async () => {
    const tenant = freshTenant('redelivery');
    await appendAuditEvent(store, event(tenant, 1));
    const again = await Promise.all([appendAuditEvent(store, event(tenant, 1)), appendAuditEvent(store, event(tenant, 1))]);
    expect(again.map((o) => o.result)).toEqual(['duplicate', 'duplicate']);
    expect((await allEntries(tenant)).map((e) => e.seq)).toEqual([1]);
  });

  it("keeps tenants' chains apart", async () => {
    const a = freshTenant('a');
    const b = freshTenant('b');
    await appendAuditEvent(store, event(a, 1));
    await appendAuditEvent(store, event(a, 2));
    await appendAuditEvent(store, event(b, 1));
    expect((await allEntries(a)).map((e) => e.tenant)).toEqual([a, a]);
    expect((await store.list(b, {}, 100, undefined)).items.map((e) => e.tenant)).toEqual([b]);
    expect((await store.list(b, { subject: 'alert-2' }, 100, undefined)).items).toEqual([]);
  });

  it('filters by type, subject, actor and time, newest first', async () => {
    const tenant = freshTenant('filters');
    for (let n = 0; n < 10; n++) await appendAuditEvent(store, event(tenant, n));
    const bySubject = await store.list(tenant, { subject: 'alert-1' }, 100, undefined);
    expect(bySubject.items.map((e) => e.eventId)).toEqual(['evt-6', 'evt-1']);
    const byActor = await store.list(tenant, { actor: 'integration-key:0', from: '2026-11-22T10:00:03.000Z' }, 100, undefined);
    expect(byActor.items.map((e) => e.eventId)).toEqual(['evt-9', 'evt-6', 'evt-3']);
  });
});
