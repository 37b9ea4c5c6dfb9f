import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { type AlertEvent, type AlertRecord, isTriageBound } from '../../domain/alerts/alert-record.ts';
import type {
  AlertFilter,
  AlertKey,
  AlertStore,
  Page,
  QueuedEvents,
  SaveAllResult,
  VersionedWrite,
} from '../../domain/alerts/alert-store.ts';
import { BadRequestError, ConflictError } from '../../domain/errors.ts';
import { alertFromItem, alertToItem, OWED_SHARD, sightingKey, withSighting } from './alert-item.ts';
import { batchGetAll } from './batch-get-all.ts';
import { collectPages } from './collect-pages.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { DynamoGroupSightings } from './dynamo-group-sightings.ts';
import { type Item, text } from './item-fields.ts';
import { versionCondition } from './version-condition.ts';

const BY_UPDATED_AT = 'listByUpdatedAt';
const MAX_QUERY_ROUNDS = 10;
const BY_OWED_LEASE = 'byOwedLease';
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A lease changed on a record that other writers keep changing is tried this many times. */
const MAX_LEASE_ATTEMPTS = 5;

/** Conditional puts in flight at once for a notification's alerts (each its own request). */
const WRITE_CONCURRENCY = 16;

function withNextVersion(write: VersionedWrite): AlertRecord {
  return { ...write.record, version: (write.expectedVersion ?? 0) + 1 };
}

/** The record once these events are confirmed on the queue. */
function afterQueued(record: AlertRecord, events: readonly AlertEvent[], at: string): AlertRecord {
  const pending = { ...record.pending };
  for (const event of events) delete pending[event.eventId];
  const last = events.filter(isTriageBound).at(-1);
  const queued = last === undefined ? record.queued : { eventId: last.eventId, kind: last.kind, revision: last.revision, at };
  return { ...record, pending, queued, version: record.version + 1 };
}

/** Alerts in DynamoDB: key (tenant, id), newest-first listing through the listByUpdatedAt index. */
export class DynamoAlertStore implements AlertStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  readonly #groups: DynamoGroupSightings;

  /** `maxGroupEntries`: alerts one group sighting item holds (tests set it low). */
  constructor(client: DynamoDBDocumentClient, table: string, options: { maxGroupEntries?: number } = {}) {
    this.#client = client;
    this.#table = table;
    this.#groups = new DynamoGroupSightings(client, table, options.maxGroupEntries);
  }

  async getMany(tenant: string, ids: readonly string[]): Promise<Map<string, AlertRecord>> {
    const records = await this.#readMany(tenant, [...new Set(ids)], true);
    return new Map(records.map((record) => [record.id, record]));
  }

  async get(tenant: string, id: string): Promise<AlertRecord | undefined> {
    const [record, sighting] = await Promise.all(
      [{ tenant, id }, sightingKey(tenant, id)].map((Key) =>
        this.#client.send(new GetCommand({ TableName: this.#table, Key, ConsistentRead: true })),
      ),
    );
    if (record?.Item === undefined) return undefined;
    const { records } = await this.#groups.applyTo([withSighting(alertFromItem(record.Item), sighting?.Item)], true);
    return records[0];
  }

  /**
   * The alerts, then their groups' sighting items, then the own sighting items of those their
   * group's item does not count: a notification's repeats read their alerts and a few items more.
   */
  async #readMany(tenant: string, ids: readonly string[], consistent: boolean): Promise<AlertRecord[]> {
    const items = await batchGetAll(
      this.#client,
      this.#table,
      ids.map((id) => ({ tenant, id })),
      { consistent },
    );
    const { records, uncounted } = await this.#groups.applyTo(items.map(alertFromItem), consistent);
    const own = await batchGetAll(
      this.#client,
      this.#table,
      [...uncounted].map((id) => sightingKey(tenant, id)),
      { consistent },
    );
    const sightings = new Map(own.map((item) => [String(item.id), item]));
    return records.map((record) => withSighting(record, sightings.get(sightingKey(tenant, record.id).id)));
  }

  async recordSightings(records: readonly AlertRecord[]): Promise<SaveAllResult> {
    const grouped = await this.#groups.record(records);
    const alone = await this.#recordAlone(grouped.alone);
    return { saved: [...grouped.saved, ...alone.saved], conflicts: [...grouped.conflicts, ...alone.conflicts] };
  }

  /** Repeats counted each in its own sighting item. */
  #recordAlone(records: readonly AlertRecord[]): Promise<SaveAllResult> {
    return this.#conditionalEach(records, (record) =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: sightingKey(record.tenant, record.id),
          UpdateExpression: 'SET notifications = :count, lastSeenAt = :at',
          // Counts only go up: of two repeats counted from the same read, one is read again. A
          // repeat racing a change of the same alert from one read may count one too few: the
          // record and its sighting each take the higher count (a figure, never a message).
          ConditionExpression: 'attribute_not_exists(notifications) OR notifications < :count',
          ExpressionAttributeValues: { ':count': record.notifications, ':at': record.lastSeenAt },
        }),
      ),
    );
  }

  /** One conditional write per record, WRITE_CONCURRENCY at once: those whose condition failed are conflicts. */
  async #conditionalEach(records: readonly AlertRecord[], write: (record: AlertRecord) => Promise<unknown>): Promise<SaveAllResult> {
    const outcomes = await pMap(
      records,
      async (record): Promise<{ saved: AlertRecord } | { conflict: string }> => {
        try {
          await write(record);
          return { saved: record };
        } catch (error: unknown) {
          if (isConditionFailure(error)) return { conflict: record.id };
          throw error;
        }
      },
      { concurrency: WRITE_CONCURRENCY },
    );
    return {
      saved: outcomes.flatMap((outcome) => ('saved' in outcome ? [outcome.saved] : [])),
      conflicts: outcomes.flatMap((outcome) => ('conflict' in outcome ? [outcome.conflict] : [])),
    };
  }

  async save(write: VersionedWrite): Promise<AlertRecord> {
    const written = withNextVersion(write);
    try {
      await this.#client.send(new PutCommand(this.#conditionalPut(written, write.expectedVersion)));
      return written;
    } catch (error: unknown) {
      if (isConditionFailure(error)) throw new ConflictError(`Alert ${write.record.id} changed concurrently`, { cause: error });
      throw error;
    }
  }

  async saveAll(writes: readonly VersionedWrite[]): Promise<SaveAllResult> {
    return this.#writeVersioned(writes.map((write) => ({ record: withNextVersion(write), expectedVersion: write.expectedVersion })));
  }

  async markQueued(confirmed: readonly QueuedEvents[], at: string): Promise<void> {
    const { conflicts } = await this.#writeVersioned(
      confirmed.map(({ record, events }) => ({ record: afterQueued(record, events, at), expectedVersion: record.version })),
    );
    // A record changed since it was written: clear just these events, whatever else changed.
    const lost = confirmed.filter(({ record }) => conflicts.includes(record.id));
    await Promise.all(lost.map(({ record, events }) => this.#markQueuedOnLatest(record.tenant, record.id, events, at)));
  }

  /**
   * Conditional puts of records already carrying their new version, each its own PutItem. Not a
   * transaction: each alert stands alone (its own version condition, its conflict retried alone),
   * and TransactWriteItems bills every item twice, which was most of what ingest cost.
   */
  async #writeVersioned(writes: readonly { record: AlertRecord; expectedVersion: number | undefined }[]): Promise<SaveAllResult> {
    const expected = new Map(writes.map((write) => [write.record, write.expectedVersion]));
    return this.#conditionalEach(
      writes.map((write) => write.record),
      (record) => this.#client.send(new PutCommand(this.#conditionalPut(record, expected.get(record)))),
    );
  }

  #conditionalPut(record: AlertRecord, expectedVersion: number | undefined) {
    return {
      TableName: this.#table,
      Item: alertToItem(record),
      ...versionCondition('id', expectedVersion),
    };
  }

  /** Clears the confirmed events on the record as it is now, whatever else changed since it was written. */
  #markQueuedOnLatest(tenant: string, id: string, events: readonly AlertEvent[], at: string): Promise<void> {
    return this.#changeOwed(tenant, id, events, (record, owed) => afterQueued(record, owed, at));
  }

  async releaseLease(tenant: string, id: string, events: readonly AlertEvent[]): Promise<void> {
    await this.#changeOwed(tenant, id, events, (record, owed) => {
      const pending = { ...record.pending };
      for (const { eventId } of owed) {
        const event = pending[eventId];
        if (event !== undefined) pending[eventId] = { ...event, leaseUntil: 0 };
      }
      return { ...record, pending };
    });
  }

  /**
   * Changes the leases of those of `events` the stored record still owes: read, change, write under
   * the version read, again after a race. The leases sit in the compressed body, so no update
   * expression can reach them in place. None of them owed: another request settled them.
   */
  async #changeOwed(
    tenant: string,
    id: string,
    events: readonly AlertEvent[],
    change: (record: AlertRecord, owed: readonly AlertEvent[]) => AlertRecord,
  ): Promise<void> {
    for (let attempt = 1; attempt <= MAX_LEASE_ATTEMPTS; attempt++) {
      const { Item: item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { tenant, id }, ConsistentRead: true }));
      if (item === undefined) return;
      const record = alertFromItem(item);
      const owed = events.filter((event) => record.pending[event.eventId] !== undefined);
      if (owed.length === 0) return;
      try {
        await this.save({ record: change(record, owed), expectedVersion: record.version });
        return;
      } catch (error: unknown) {
        if (!(error instanceof ConflictError)) throw error;
        // Still racing after all the tries: the lease runs out, and the sweeper sends the events
        // again (at least once), rather than fail a caller whose events are stored and sent.
      }
    }
  }

  async listOwed(before: number, limit: number): Promise<readonly AlertKey[]> {
    const { items } = await collectPages(
      (startKey, remaining) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: BY_OWED_LEASE,
            KeyConditionExpression: 'owedShard = :shard AND owedUntil <= :before',
            ExpressionAttributeValues: { ':shard': OWED_SHARD, ':before': before },
            Limit: remaining,
            ExclusiveStartKey: startKey,
          }),
        ),
      (item) => {
        const tenant = text(item, 'tenant');
        const id = text(item, 'id');
        return tenant === undefined || id === undefined ? undefined : { tenant, id };
      },
      { limit },
    );
    return items;
  }

  async list(tenant: string, filter: AlertFilter, limit: number, cursor: string | undefined): Promise<Page<AlertRecord>> {
    const names: Record<string, string> = { '#tenant': 'tenant' };
    const values: Record<string, unknown> = { ':tenant': tenant };
    let keyCondition = '#tenant = :tenant';
    if (filter.since !== undefined) {
      names['#updatedAt'] = 'updatedAt';
      values[':since'] = filter.since;
      keyCondition += ' AND #updatedAt >= :since';
    }
    const filters: string[] = [];
    for (const field of ['status', 'severity', 'source'] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      filters.push(`#${field} = :${field}`);
    }

    // A cursor resumes the query it came from: same filters, a well-formed position.
    const query = createHash('sha256')
      .update(JSON.stringify([filter.status, filter.severity, filter.source, filter.since]))
      .digest('hex')
      .slice(0, 16);
    let startKey: Item | undefined;
    if (cursor !== undefined) {
      const position = decodeCursor(cursor, ['id', 'updatedAt', 'query']);
      if (position.query !== query) throw new BadRequestError('The cursor belongs to a query with other filters');
      if ((position.id ?? '') === '' || !ISO_TIME.test(position.updatedAt ?? '')) {
        throw new BadRequestError('The cursor is not one this API issued');
      }
      startKey = { tenant, id: position.id, updatedAt: position.updatedAt };
    }
    // Limit caps items evaluated before the filter, so ask again until the page is full,
    // a bounded number of times: a sparse filter returns a short page and a cursor.
    const { items: ids, lastKey } = await collectPages(
      (exclusiveStartKey, remaining) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: BY_UPDATED_AT,
            KeyConditionExpression: keyCondition,
            ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: remaining,
            ExclusiveStartKey: exclusiveStartKey,
          }),
        ),
      (item) => text(item, 'id'),
      { limit, maxRounds: MAX_QUERY_ROUNDS, startKey },
    );
    // The index holds keys and the filtered attributes only (an alert's repeats and decisions do
    // not rewrite a copy of it), so the page's records are read from the table.
    const records = await this.#readMany(tenant, ids, false);
    const byId = new Map(records.map((record) => [record.id, record]));
    // One that changed between the index and the read is shown as it is now, if it still matches.
    const matches = (record: AlertRecord) =>
      (['status', 'severity', 'source'] as const).every((field) => filter[field] === undefined || record[field] === filter[field]);
    return {
      items: ids.flatMap((id) => byId.get(id) ?? []).filter(matches),
      cursor: lastKey === undefined ? undefined : encodeCursor({ id: String(lastKey.id), updatedAt: String(lastKey.updatedAt), query }),
    };
  }
}
