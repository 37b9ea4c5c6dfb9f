/** Repeats counted in their group's items on DynamoDB Local: few writes, exact counts, races and lost answers. */

import { brotliDecompressSync } from 'node:zlib';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '../../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { alertIdFor } from '../../shared/domain/alerts/alert-id.ts';
import { applyIncomingAlert } from '../../shared/domain/alerts/alert-lifecycle.ts';
import type { AlertRecord } from '../../shared/domain/alerts/alert-record.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

const table = emulators().tables.alerts;
const store = new DynamoAlertStore(localDynamo(), table);
const SEEN_AT = '2026-12-03T09:00:00.000Z';

function record(tenant: string, n: number, groupKey: string | undefined = 'group-1'): AlertRecord {
  const id = alertIdFor('alertmanager', `fp-${n}`);
  const { next } = applyIncomingAlert(
    undefined,
    {
      source: 'alertmanager',
      fingerprint: `fp-${n}`,
      status: 'firing',
      name: 'HostHighCpuLoad',
      labels: { alertname: 'HostHighCpuLoad', instance: `host-${n}` },
      annotations: {},
      startsAt: '2026-12-03T08:00:00.000Z',
      ...(groupKey === undefined ? {} : { groupKey }),
    },
    { tenant, id, now: new Date('2026-12-03T08:00:00Z'), leaseMs: 1000, requestId: 'test', actor: 'test', correlationId: 'test' },
  );
  if (next === undefined) throw new Error('no record');
  return { ...next, pending: {} };
}

/** `count` alerts written, then seen again once: what a repeat hands recordSightings. */
async function seenAgain(tenant: string, count: number, groupKey?: string) {
  const records = Array.from({ length: count }, (_, n) => record(tenant, n, groupKey));
  const { saved, conflicts } = await store.saveAll(records.map((r) => ({ record: r, expectedVersion: undefined })));
  expect(conflicts).toEqual([]);
  return saved.map((r) => ({ ...r, notifications: 2, lastSeenAt: SEEN_AT }));
}

async function itemIds(tenant: string) {
  const { Items = [] } = await localDynamo().send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'tenant = :tenant',
      ExpressionAttributeValues: { ':tenant': tenant },
      ConsistentRead: true,
    }),
  );
  const ids = Items.map((item) => String(item.id));
  return { groups: ids.filter((id) => id.startsWith('seen#')), own: ids.filter((id) => id.endsWith('#seen')) };
}

/** Two of the repeats that one group item counts. */
function pairInOneItem(repeats: readonly AlertRecord[]): [AlertRecord, AlertRecord] {
  const shard = (r: AlertRecord) => r.id.charCodeAt(0) % 4;
  for (const [i, first] of repeats.entries()) {
    const second = repeats.slice(i + 1).find((r) => shard(r) === shard(first));
    if (second !== undefined) return [first, second];
  }
  throw new Error('no two repeats share a group item');
}

/** The entries of all the tenant's group items. */
async function entriesOf(tenant: string): Promise<Record<string, unknown>> {
  const { groups } = await itemIds(tenant);
  const items = await Promise.all(
    groups.map(async (id) => (await localDynamo().send(new GetCommand({ TableName: table, Key: { tenant, id } }))).Item),
  );
  return Object.assign({}, ...items.map((item) => JSON.parse(brotliDecompressSync(item?.seen).toString('utf8'))));
}

describe('repeats counted by group on DynamoDB Local', () => {
  it("counts a notification's repeats in at most four group items, and every read shows them", async () => {
    const tenant = freshTenant('groupseen');
    const repeats = await seenAgain(tenant, 40);
    const { saved, conflicts } = await store.recordSightings(repeats);
    expect({ saved: saved.length, conflicts }).toEqual({ saved: 40, conflicts: [] });
    const items = await itemIds(tenant);
    expect(items.own).toEqual([]);
    expect(items.groups.length).toBeGreaterThan(1);
    expect(items.groups.length).toBeLessThanOrEqual(4);
    const ids = repeats.map((r) => r.id);
    expect(await store.get(tenant, ids[0] ?? '')).toMatchObject({ notifications: 2, lastSeenAt: SEEN_AT, version: 1 });
    expect([...(await store.getMany(tenant, ids)).values()].map((r) => r.notifications)).toEqual(ids.map(() => 2));
    expect((await store.list(tenant, {}, 50, undefined)).items.map((r) => r.notifications)).toEqual(ids.map(() => 2));
  });

  it('sends a repeat back to be read again when another repeat counted it first, also when they race', async () => {
    const tenant = freshTenant('groupseen');
    const repeats = await seenAgain(tenant, 12);
    // Five writers counted from the same read: each alert is counted once, the rest read it again.
    const results = await Promise.all(Array.from({ length: 5 }, () => store.recordSightings(repeats)));
    expect(results.reduce((sum, result) => sum + result.saved.length, 0)).toBe(12);
    expect(results.reduce((sum, result) => sum + result.conflicts.length, 0)).toBe(48);
    const again = await store.recordSightings(repeats);
    expect({ saved: again.saved.length, conflicts: again.conflicts.length }).toEqual({ saved: 0, conflicts: 12 });
  });

  it('counts alerts with no group, and those a full group item has no room for, in their own items', async () => {
    const tenant = freshTenant('groupseen');
    const small = new DynamoAlertStore(localDynamo(), table, { maxGroupEntries: 2 });
    const grouped = await seenAgain(tenant, 12);
    const alone = await Promise.all(
      [100, 101].map(async (n) => {
        const written = await store.save({ record: record(tenant, n, undefined), expectedVersion: undefined });
        return { ...written, notifications: 2, lastSeenAt: SEEN_AT };
      }),
    );
    const { saved, conflicts } = await small.recordSightings([...grouped, ...alone]);
    expect({ saved: saved.length, conflicts }).toEqual({ saved: 14, conflicts: [] });
    const items = await itemIds(tenant);
    // Each of the four group items took two; the other six and the two without a group have their own.
    expect(items.groups.length).toBe(4);
    expect(items.own.length).toBe(14 - 4 * 2);
    const all = await small.getMany(
      tenant,
      [...grouped, ...alone].map((r) => r.id),
    );
    expect([...all.values()].map((r) => r.notifications)).toEqual(Array.from({ length: 14 }, () => 2));
  });

  it('takes the highest count of the record, its own item and its group item', async () => {
    const tenant = freshTenant('groupseen');
    const [repeat] = await seenAgain(tenant, 1);
    if (repeat === undefined) throw new Error('no repeat');
    // Counted in its own item before group items existed: every read finds it.
    await localDynamo().send(
      new PutCommand({
        TableName: table,
        Item: { tenant, id: `${repeat.id}#seen`, notifications: 9, lastSeenAt: '2026-12-03T08:30:00.000Z' },
      }),
    );
    expect(await store.get(tenant, repeat.id)).toMatchObject({ notifications: 9 });
    const read = (await store.getMany(tenant, [repeat.id])).get(repeat.id);
    expect(read).toMatchObject({ notifications: 9 });
    // Seen again: it enters its group's item with the count read, and reads go on from there.
    const later = '2026-12-03T09:05:00.000Z';
    if (read === undefined) throw new Error('not read');
    expect((await store.recordSightings([{ ...read, notifications: 10, lastSeenAt: later }])).saved).toHaveLength(1);
    expect(await store.get(tenant, repeat.id)).toMatchObject({ notifications: 10, lastSeenAt: later });
    expect((await store.getMany(tenant, [repeat.id])).get(repeat.id)).toMatchObject({ notifications: 10, lastSeenAt: later });
    // A record written whole since, with a higher count, wins over both.
    await store.save({ record: { ...read, notifications: 12, lastSeenAt: later }, expectedVersion: read.version });
    expect((await store.getMany(tenant, [repeat.id])).get(repeat.id)).toMatchObject({ notifications: 12 });
  });

  it.each([
    ['alone', false],
    ['with another write landing in between', true],
  ])("takes a group item the SDK sent again, after the first one's answer was lost, as its own write: %s", async (_, between) => {
    const tenant = freshTenant('groupseen');
    const [first, sameItem] = pairInOneItem(await seenAgain(tenant, 8));
    const client = localDynamo();
    let resent = false;
    client.middlewareStack.add(
      (next) => async (args) => {
        const id = String((args.input as { Item?: { id?: unknown } }).Item?.id ?? '');
        if (!id.startsWith('seen#') || resent) return next(args);
        resent = true;
        await next(args);
        if (between) await store.recordSightings([{ ...sameItem, notifications: 3 }]);
        return next(args);
      },
      { step: 'initialize', name: 'loseFirstAnswer' },
    );
    const { saved, conflicts } = await new DynamoAlertStore(client, table).recordSightings([first]);
    expect(resent).toBe(true);
    expect({ saved: saved.length, conflicts }).toEqual({ saved: 1, conflicts: [] });
    expect(await store.get(tenant, first.id)).toMatchObject({ notifications: 2 });
    if (between) expect(await store.get(tenant, sameItem.id)).toMatchObject({ notifications: 3 });
  });

  it('drops the entries of alerts not seen for a week from their group item', async () => {
    const tenant = freshTenant('groupseen');
    const [old, recent] = pairInOneItem(await seenAgain(tenant, 8));
    await store.recordSightings([{ ...old, lastSeenAt: '2026-11-25T09:00:00.000Z' }]);
    expect(Object.keys(await entriesOf(tenant))).toEqual([old.id]);
    // Eight days later, a repeat of the other alert writes the item again, without the old one.
    await store.recordSightings([recent]);
    expect(await entriesOf(tenant)).toEqual({ [recent.id]: [2, SEEN_AT] });
  });
});
