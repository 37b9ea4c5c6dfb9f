import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { type AuditEntry, auditEventSchema } from '../../domain/audit/audit-event.ts';
import {
  type AppendResult,
  type AuditFilter,
  type AuditStore,
  type ChainHead,
  MAX_ENTRIES_PER_APPEND,
} from '../../domain/audit/audit-store.ts';
import { follows } from '../../domain/audit/hash-chain.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { batchGetAll } from './batch-get-all.ts';
import { collectPages } from './collect-pages.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { decodeItem } from './item-codec.ts';
import { count, type Item, text } from './item-fields.ts';

const HEAD = 'head';
const entryKey = (seq: number) => `e#${String(seq).padStart(12, '0')}`;
const idKey = (eventId: string) => `id#${eventId}`;
const MAX_QUERY_ROUNDS = 10;
const IS_NEW = { ConditionExpression: 'attribute_not_exists(sk)' };

const headItemSchema = z.object({ seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) }) satisfies z.ZodType<ChainHead>;

function entryItem(entry: AuditEntry, expiresAt: number): Item {
  const { alertId, approvalId, executionId, keyId, incidentId } = entry.subjects;
  return {
    tenant: entry.tenant,
    sk: entryKey(entry.seq),
    seq: entry.seq,
    type: entry.type,
    actor: entry.actor,
    time: entry.time,
    subjects: [alertId, approvalId, executionId, keyId, incidentId].filter((id): id is string => id !== undefined),
    entry: JSON.stringify(entry),
    expiresAt,
  };
}

function entryFrom(item: Item): AuditEntry | undefined {
  const raw = text(item, 'entry');
  if (raw === undefined) return undefined;
  const parsed: unknown = JSON.parse(raw);
  const event = auditEventSchema.safeParse(parsed);
  if (!event.success || parsed === null || typeof parsed !== 'object') return undefined;
  const seq = Reflect.get(parsed, 'seq');
  const prevHash = Reflect.get(parsed, 'prevHash');
  const hash = Reflect.get(parsed, 'hash');
  if (typeof seq !== 'number' || typeof prevHash !== 'string' || typeof hash !== 'string') return undefined;
  return { ...event.data, seq, prevHash, hash };
}

/**
 * The chains in DynamoDB, one partition per tenant: `head`, `e#<seq>` entries (the entry kept as
 * the exact JSON that was hashed, plus a few attributes to filter on) and `id#<eventId>` markers.
 */
export class DynamoAuditStore implements AuditStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async head(tenant: string): Promise<ChainHead | undefined> {
    const { Item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { tenant, sk: HEAD }, ConsistentRead: true }));
    // A head that does not read back fails the append (and verify) rather than restart the chain at 0.
    return Item === undefined ? undefined : decodeItem(headItemSchema, Item, 'audit chain head');
  }

  async seqsOf(tenant: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const keys = [...new Set(eventIds)].map((eventId) => ({ tenant, sk: idKey(eventId) }));
    const found = new Map<string, number>();
    for (const item of await batchGetAll(this.#client, this.#table, keys)) {
      const sk = text(item, 'sk');
      if (sk !== undefined) found.set(sk.slice(3), count(item, 'seq'));
    }
    return found;
  }

  /**
   * The entries one after the other, each only if its seq is free, so that whatever a writer leaves
   * behind (it crashed, or another took a seq first) follows the head without a gap; then their
   * event-id markers; then the head, only from `previous`. No transaction: it would bill every
   * item twice, and settle() finishes what a stopped writer left.
   */
  async append(entries: readonly AuditEntry[], previous: ChainHead | undefined, expiresAt: number): Promise<AppendResult> {
    const last = entries.at(-1);
    if (last === undefined) return 'appended';
    if (entries.length > MAX_ENTRIES_PER_APPEND) throw new RangeError(`at most ${MAX_ENTRIES_PER_APPEND} entries per append`);
    for (const entry of entries) {
      if (!(await this.#putNew(entryItem(entry, expiresAt)))) return 'head-moved';
    }
    await this.#mark(entries.map((entry) => ({ entry, expiresAt })));
    return (await this.#moveHead(last.tenant, previous, last)) ? 'appended' : 'head-moved';
  }

  async settle(tenant: string): Promise<ChainHead | undefined> {
    let head = await this.head(tenant);
    for (;;) {
      const left = await this.#entriesAfter(tenant, head?.seq ?? 0, MAX_ENTRIES_PER_APPEND);
      const last = left.at(-1)?.entry;
      if (last === undefined) return head;
      let previous = head;
      for (const { entry } of left) {
        // Writers only ever write an entry that follows: anything else was not written by one.
        if (!follows(previous, entry)) throw new Error(`${tenant}'s audit entry ${entry.seq} does not follow seq ${previous?.seq ?? 0}`);
        previous = entry;
      }
      await this.#mark(left);
      const moved = await this.#moveHead(tenant, head, last);
      head = moved ? { seq: last.seq, hash: last.hash } : await this.head(tenant);
    }
  }

  /** The event-id markers, all at once; one there already (an earlier try wrote it) is left as it is. */
  async #mark(written: readonly { entry: AuditEntry; expiresAt: number }[]): Promise<void> {
    await Promise.all(
      written.map(({ entry, expiresAt }) => this.#putNew({ tenant: entry.tenant, sk: idKey(entry.eventId), seq: entry.seq, expiresAt })),
    );
  }

  /** Whether the Put was made: false if its condition failed (another writer was first). */
  async #put(item: Item, condition: { ConditionExpression: string; ExpressionAttributeValues?: Item }): Promise<boolean> {
    try {
      await this.#client.send(new PutCommand({ TableName: this.#table, Item: item, ...condition }));
      return true;
    } catch (error: unknown) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  #putNew(item: Item): Promise<boolean> {
    return this.#put(item, IS_NEW);
  }

  #moveHead(tenant: string, from: ChainHead | undefined, to: ChainHead): Promise<boolean> {
    const item = { tenant, sk: HEAD, seq: to.seq, hash: to.hash };
    return this.#put(
      item,
      from === undefined ? IS_NEW : { ConditionExpression: 'seq = :from', ExpressionAttributeValues: { ':from': from.seq } },
    );
  }

  async entries(tenant: string, afterSeq: number, limit: number): Promise<readonly AuditEntry[]> {
    return (await this.#entriesAfter(tenant, afterSeq, limit)).map(({ entry }) => entry);
  }

  async #entriesAfter(tenant: string, afterSeq: number, limit: number) {
    // A query page stops at 1 MB: follow LastEvaluatedKey so a short page never looks like the end.
    const { items } = await collectPages(
      (startKey, remaining) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'tenant = :tenant AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':tenant': tenant, ':from': entryKey(afterSeq + 1), ':to': entryKey(999_999_999_999) },
            ConsistentRead: true,
            Limit: remaining,
            ExclusiveStartKey: startKey,
          }),
        ),
      (item) => {
        const entry = entryFrom(item);
        return entry === undefined ? undefined : { entry, expiresAt: count(item, 'expiresAt') };
      },
      { limit },
    );
    return items;
  }

  async list(tenant: string, filter: AuditFilter, limit: number, cursor: string | undefined): Promise<Page<AuditEntry>> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':tenant': tenant, ':entries': 'e#' };
    const filters: string[] = [];
    const where = (expression: string, value: string | undefined, placeholder: string, attribute?: string) => {
      if (value === undefined) return;
      if (attribute !== undefined) names[`#${attribute}`] = attribute;
      values[placeholder] = value;
      filters.push(expression);
    };
    where('#type = :type', filter.type, ':type', 'type');
    where('#actor = :actor', filter.actor, ':actor', 'actor');
    where('contains(subjects, :subject)', filter.subject, ':subject');
    where('#time >= :from', filter.from, ':from', 'time');
    where('#time <= :to', filter.to, ':to', 'time');
    let startKey: Item | undefined;
    if (cursor !== undefined) {
      const position = decodeCursor(cursor, ['sk']);
      if (!/^e#\d{12}$/.test(position.sk ?? '')) throw new BadRequestError('The cursor is not one this API issued');
      startKey = { tenant, sk: position.sk };
    }
    const { items, lastKey } = await collectPages(
      (exclusiveStartKey, remaining) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'tenant = :tenant AND begins_with(sk, :entries)',
            ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
            ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: remaining,
            ExclusiveStartKey: exclusiveStartKey,
          }),
        ),
      entryFrom,
      { limit, maxRounds: MAX_QUERY_ROUNDS, startKey },
    );
    return { items, cursor: lastKey === undefined ? undefined : encodeCursor({ sk: String(lastKey.sk) }) };
  }

  async *heads(): AsyncIterable<{ readonly tenant: string } & ChainHead> {
    let startKey: Item | undefined;
    do {
      const output = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: 'sk = :head',
          ExpressionAttributeValues: { ':head': HEAD },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) {
        const tenant = text(item, 'tenant');
        const hash = text(item, 'hash');
        if (tenant !== undefined && hash !== undefined) yield { tenant, seq: count(item, 'seq'), hash };
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}
