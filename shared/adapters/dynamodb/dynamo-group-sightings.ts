/**
 * Repeats counted by the sender's group. Most of a notification is its alerts seen again, and
 * an Alertmanager group sends all of them each time: counting each in its own sighting item
 * (alert-item.ts) costs a write per alert. The alerts of a group (its `groupKey`) share a few
 * group items instead, `seen#<group hash>#<shard>`, each a compressed map of alert id to
 * [count, last seen]: a notification's 90 repeats write four items of under 1 KB, not 90.
 *
 * A group item takes at most `maxEntries` alerts; an alert it has no room for, or one with no
 * group, is counted in its own item as before (`alone`). A read takes the highest count of the
 * record, its own item and its group item, so counts written before group items existed, and a
 * record written whole since, read right. An alert not seen for a week leaves its group's item
 * (the item's size is what each write costs); one that then comes back as a plain repeat, never
 * resolved in between, counts on from its record's count.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import * as z from 'zod';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import { withCount } from './alert-item.ts';
import { batchGetAll } from './batch-get-all.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { compressedJson, compressJson, decodeItem } from './item-codec.ts';

/** Group items per group: a group's alerts spread over them by id, so reading one alert's count reads a quarter. */
const SHARDS = 4;
/**
 * Alerts one group item holds: about 26 bytes each compressed, so at most some 13 KB (13 WRU a
 * write, for a notification of 2,000 alerts, which would write 2,000 items one by one).
 */
const MAX_GROUP_ENTRIES = 500;
/** Alerts not seen for this long leave their group's item. */
const PRUNE_AFTER_DAYS = 7;
/** Writer ids an item keeps, to recognise a write whose answer was lost. */
const KEPT_WRITERS = 8;
/** Writers of one group item racing: each reads it again and merges, this many times, before its alerts are written whole. */
const MAX_ATTEMPTS = 5;

type Entry = readonly [count: number, lastSeenAt: string];

const groupItemSchema = z.object({
  /** The ids of its last KEPT_WRITERS writers, the latest last. */
  writers: z.array(z.string()).default([]),
  /** Alert id → [count, last seen]. */
  seen: compressedJson(z.record(z.string(), z.tuple([z.number().int().min(0), z.string().min(1)]))),
  version: z.number().int().min(1),
});

/** The key of the group item counting alert `id` of group `groupKey` (alert ids are hex: none starts so). */
function groupItemKey(tenant: string, groupKey: string, id: string): { tenant: string; id: string } {
  const group = createHash('sha256').update(groupKey).digest('hex').slice(0, 24);
  return { tenant, id: `seen#${group}#${id.charCodeAt(0) % SHARDS}` };
}

export interface GroupSightingsResult {
  /** Counted in their group's item. */
  readonly saved: readonly AlertRecord[];
  /** Another repeat counted first: to be read again and written whole. */
  readonly conflicts: readonly string[];
  /** To be counted in their own item: no group, or no room in it. */
  readonly alone: readonly AlertRecord[];
}

export class DynamoGroupSightings {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #maxEntries: number;

  constructor(client: DynamoDBDocumentClient, table: string, maxEntries = MAX_GROUP_ENTRIES) {
    this.#client = client;
    this.#table = table;
    this.#maxEntries = maxEntries;
  }

  /**
   * The records, each with its group item's count where that is higher; `uncounted`, the ids of
   * those their group item does not hold (or with no group): only those may have a higher count
   * in their own item, since an alert enters its group item with the highest count read.
   */
  async applyTo(records: readonly AlertRecord[], consistent: boolean): Promise<{ records: AlertRecord[]; uncounted: Set<string> }> {
    const keys = new Map<string, { tenant: string; id: string }>();
    for (const record of records) {
      if (record.groupKey === undefined) continue;
      const key = groupItemKey(record.tenant, record.groupKey, record.id);
      keys.set(key.id, key);
    }
    const items = keys.size === 0 ? [] : await batchGetAll(this.#client, this.#table, [...keys.values()], { consistent });
    const groups = new Map(items.map((item) => [String(item.id), decodeItem(groupItemSchema, item, 'group sighting').seen]));
    const uncounted = new Set<string>();
    const counted = records.map((record) => {
      const entry =
        record.groupKey === undefined ? undefined : groups.get(groupItemKey(record.tenant, record.groupKey, record.id).id)?.[record.id];
      if (entry === undefined) uncounted.add(record.id);
      return entry === undefined ? record : withCount(record, entry[0], entry[1]);
    });
    return { records: counted, uncounted };
  }

  /** Counts plain repeats in their groups' items, each if the count held there is still below its own. */
  async record(records: readonly AlertRecord[]): Promise<GroupSightingsResult> {
    const byItem = new Map<string, { key: { tenant: string; id: string }; records: AlertRecord[] }>();
    const alone: AlertRecord[] = [];
    for (const record of records) {
      if (record.groupKey === undefined) {
        alone.push(record);
        continue;
      }
      const key = groupItemKey(record.tenant, record.groupKey, record.id);
      const group = byItem.get(key.id) ?? { key, records: [] };
      group.records.push(record);
      byItem.set(key.id, group);
    }
    const results = await pMap(byItem.values(), ({ key, records: counted }) => this.#recordInItem(key, counted), { concurrency: SHARDS });
    return {
      saved: results.flatMap((result) => result.saved),
      conflicts: results.flatMap((result) => result.conflicts),
      alone: [...alone, ...results.flatMap((result) => result.alone)],
    };
  }

  /**
   * Read, merge, conditional Put on the version read; a writer that came between means reading
   * again. The item keeps the ids of its last writers: a Put whose answer was lost (the SDK's retry
   * then fails its condition) is found by the next read to have landed, even with writes after it.
   */
  async #recordInItem(key: { tenant: string; id: string }, records: readonly AlertRecord[]): Promise<GroupSightingsResult> {
    const writer = randomBytes(9).toString('base64url');
    let unanswered: GroupSightingsResult | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [item] = await batchGetAll(this.#client, this.#table, [key], { consistent: true });
      const stored = item === undefined ? undefined : decodeItem(groupItemSchema, item, 'group sighting');
      if (unanswered !== undefined && stored?.writers.includes(writer)) return unanswered;
      const merged = this.#merge(stored?.seen ?? {}, records);
      if (merged.saved.length === 0) return merged;
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              ...key,
              seen: compressJson(Object.fromEntries(merged.entries)),
              version: (stored?.version ?? 0) + 1,
              writers: [...(stored?.writers ?? []).slice(1 - KEPT_WRITERS), writer],
            },
            ConditionExpression: stored === undefined ? 'attribute_not_exists(id)' : 'version = :read',
            ...(stored === undefined ? {} : { ExpressionAttributeValues: { ':read': stored.version } }),
          }),
        );
        return merged;
      } catch (error: unknown) {
        if (!isConditionFailure(error)) throw error;
        unanswered = merged;
      }
    }
    // Still racing: each is read again and written whole, as after any lost race.
    return { saved: [], conflicts: records.map((record) => record.id), alone: [] };
  }

  /**
   * The entries with these repeats counted, where the count held is below theirs, and without
   * those of alerts not seen for PRUNE_AFTER_DAYS: a group sends every alert it still has at each
   * repeat interval, so those are resolved (their record then holds their count) or gone.
   */
  #merge(seen: Readonly<Record<string, Entry>>, records: readonly AlertRecord[]): GroupSightingsResult & { entries: Map<string, Entry> } {
    const latest = records.reduce((at, record) => (record.lastSeenAt > at ? record.lastSeenAt : at), '');
    const cutoff = new Date(Date.parse(latest) - PRUNE_AFTER_DAYS * 86_400_000).toISOString();
    const entries = new Map<string, Entry>(Object.entries(seen).filter(([, [, lastSeenAt]]) => lastSeenAt >= cutoff));
    const saved: AlertRecord[] = [];
    const conflicts: string[] = [];
    const alone: AlertRecord[] = [];
    for (const record of records) {
      const held = seen[record.id];
      if (held !== undefined && held[0] >= record.notifications) conflicts.push(record.id);
      else if (!entries.has(record.id) && entries.size >= this.#maxEntries) alone.push(record);
      else {
        entries.set(record.id, [record.notifications, record.lastSeenAt]);
        saved.push(record);
      }
    }
    return { saved, conflicts, alone, entries };
  }
}
