/**
 * The read and write request units a DynamoDB client's calls consume, by who made them and by
 * table. Every data call is sent with `ReturnConsumedCapacity: 'INDEXES'` and billed from what
 * DynamoDB Local (AWS's own engine) answers: item sizes rounded up per item (1 KB for writes,
 * 4 KB for reads), eventually consistent reads at half, index writes (an index key that changes
 * is a delete and a put in the index). Where its answer is not DynamoDB's bill, the units are
 * worked out here instead:
 *   - TransactWriteItems: DynamoDB Local reports twice the units of one item of the transaction,
 *     not of all of them. So each Put or Update is billed from the item it replaces (read first,
 *     in one BatchGetItem on a client of the meter's own) and the item it leaves (a Put's item as
 *     sent, an Update's read back after): twice the larger of the two in 1 KB units on the table
 *     (prepare and commit); once per index whose entry it adds, changes or removes.
 *   - BatchGetItem: DynamoDB Local rounds the batch as a whole; DynamoDB rounds each key, found or
 *     not, so a batch costs at least half a unit per key (one, strongly consistent); and a Query or
 *     Scan at least half a unit (one) however little it finds, where DynamoDB Local reports 0.
 *   - failed writes (a condition that did not hold, a cancelled transaction) answer no capacity
 *     but are billed: estimated from the item sent (1 KB units, at least 1; twice in a
 *     transaction), counted apart as `estimatedWru`.
 * The meter's own reads take time inside the function calling: they run through `ownWork`, to leave it out.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MiddlewareStack } from '@smithy/types';
import { itemBytes } from './dynamodb-item-size.ts';

export interface TableUnits {
  rru: number;
  /** The table's own writes. */
  wru: number;
  /** Writes to its global and local secondary indexes. */
  indexWru: number;
  /** Failed writes, billed but not reported: estimated from the item sent. */
  estimatedWru: number;
  /** Items written (a transaction's or a batch's each count). */
  itemWrites: number;
}

type Item = Record<string, unknown>;

interface IndexShape {
  readonly keys: readonly string[];
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly included: readonly string[];
}

interface TableShape {
  readonly keys: readonly string[];
  readonly indexes: readonly IndexShape[];
}

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const kilobytes = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

function units(value: unknown): number {
  return isRecord(value) && typeof value.CapacityUnits === 'number' ? value.CapacityUnits : 0;
}

function indexUnits(value: unknown): number {
  return isRecord(value) ? Object.values(value).reduce((sum: number, index) => sum + units(index), 0) : 0;
}

/** The least DynamoDB bills a read call, by table: half a unit per key or query, one if strongly consistent. */
function readFloors(command: string, input: Item): Map<string, number> {
  const floors = new Map<string, number>();
  const unit = (consistent: unknown) => (consistent === true ? 1 : 0.5);
  if ((command === 'Query' || command === 'Scan') && typeof input.TableName === 'string')
    floors.set(input.TableName, unit(input.ConsistentRead));
  if (command !== 'BatchGetItem') return floors;
  for (const [table, request] of Object.entries(isRecord(input.RequestItems) ? input.RequestItems : {})) {
    if (!isRecord(request) || !Array.isArray(request.Keys)) continue;
    floors.set(table, request.Keys.length * unit(request.ConsistentRead));
  }
  return floors;
}

function batchWrites(input: Item, table: string): number {
  const requests = isRecord(input.RequestItems) ? input.RequestItems[table] : undefined;
  return Array.isArray(requests) ? requests.length : 0;
}

/** A Put (the item it writes) or an Update (the key it changes) of a TransactWriteItems. */
type TransactionWrite = { table: string; item: Item; key?: undefined } | { table: string; key: Item; item?: undefined };

/** The Put and Update actions of a TransactWriteItems (the only kinds these functions' transactions hold). */
function transactionWrites(input: Item): TransactionWrite[] {
  const actions = Array.isArray(input.TransactItems) ? input.TransactItems : [];
  return actions.map((action) => {
    const put = isRecord(action) && isRecord(action.Put) ? action.Put : undefined;
    if (put !== undefined && typeof put.TableName === 'string' && isRecord(put.Item)) return { table: put.TableName, item: put.Item };
    const update = isRecord(action) && isRecord(action.Update) ? action.Update : undefined;
    if (update !== undefined && typeof update.TableName === 'string' && isRecord(update.Key))
      return { table: update.TableName, key: update.Key };
    throw new Error(`a transaction action the cost bench cannot bill: ${Object.keys(isRecord(action) ? action : {}).join(', ')}`);
  });
}

/** What a failed write would have been billed, by table. */
function failedWriteEstimate(command: string, input: Item): Map<string, number> {
  const estimate = new Map<string, number>();
  const add = (table: unknown, wru: number) => {
    if (typeof table === 'string') estimate.set(table, (estimate.get(table) ?? 0) + wru);
  };
  if (command === 'TransactWriteItems')
    for (const { table, item } of transactionWrites(input)) add(table, 2 * (item === undefined ? 1 : kilobytes(itemBytes(item))));
  else if (WRITES.has(command)) add(input.TableName, command === 'PutItem' && isRecord(input.Item) ? kilobytes(itemBytes(input.Item)) : 1);
  return estimate;
}

function pick(item: Item, names: readonly string[]): Item {
  return Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
}

/** An item's entry in an index, or undefined when the item lacks the index's keys (a sparse index). */
function indexEntry(item: Item | undefined, index: IndexShape, table: TableShape): Item | undefined {
  if (item === undefined || index.keys.some((key) => item[key] === undefined)) return undefined;
  if (index.projection === 'ALL') return item;
  return pick(item, [...table.keys, ...index.keys, ...index.included]);
}

/** Index write units of replacing `before` by `after`: a put, a delete, both (the key moved), or an update. */
function indexWriteUnits(before: Item | undefined, after: Item, table: TableShape): number {
  let total = 0;
  for (const index of table.indexes) {
    const old = indexEntry(before, index, table);
    const now = indexEntry(after, index, table);
    if (old === undefined && now === undefined) continue;
    if (old === undefined || now === undefined) total += kilobytes(itemBytes(old ?? now ?? {}));
    else if (index.keys.some((key) => JSON.stringify(old[key]) !== JSON.stringify(now[key])))
      total += kilobytes(itemBytes(old)) + kilobytes(itemBytes(now));
    else if (JSON.stringify(old) !== JSON.stringify(now)) total += Math.max(kilobytes(itemBytes(old)), kilobytes(itemBytes(now)));
  }
  return total;
}

export class DynamoCapacityMeter {
  /** Units by scope (who called), then by table. */
  readonly byScope = new Map<string, Map<string, TableUnits>>();
  readonly #scopeOf: () => string;
  readonly #client: DynamoDBClient;
  readonly #reader: DynamoDBDocumentClient;
  readonly #ownWork: <T>(work: () => Promise<T>) => Promise<T>;
  readonly #tables = new Map<string, Promise<TableShape>>();

  /** `reader`: a client of the meter's own (not metered) on the same endpoint, for the items transactions replace. */
  constructor(options: { scopeOf: () => string; reader: DynamoDBClient; ownWork?: <T>(work: () => Promise<T>) => Promise<T> }) {
    this.#scopeOf = options.scopeOf;
    this.#client = options.reader;
    this.#reader = DynamoDBDocumentClient.from(options.reader);
    this.#ownWork = options.ownWork ?? ((work) => work());
  }

  attach(client: { middlewareStack: Pick<MiddlewareStack<object, object>, 'add'> }): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? '').replace(/Command$/, '');
        if (!READS.has(command) && !WRITES.has(command)) return next(args);
        // Not used by the functions; DynamoDB Local's answer for it would be as wrong as for TransactWriteItems.
        if (command === 'TransactGetItems') throw new Error('the cost bench cannot bill TransactGetItems yet');
        const scope = this.#scopeOf();
        const input = 'input' in args && isRecord(args.input) ? args.input : {};
        const replaced = command === 'TransactWriteItems' ? await this.#replacedItems(input) : undefined;
        try {
          const result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'INDEXES' } });
          if (replaced !== undefined) await this.#recordTransaction(scope, input, replaced);
          else
            this.#record(scope, command, input, isRecord(result) && isRecord(result.output) ? result.output.ConsumedCapacity : undefined);
          return result;
        } catch (error: unknown) {
          for (const [table, wru] of failedWriteEstimate(command, input)) this.#units(scope, table).estimatedWru += wru;
          throw error;
        }
      },
      { step: 'initialize', name: 'meter-dynamodb-capacity' },
    );
  }

  reset(): void {
    this.byScope.clear();
  }

  /** Units summed over scopes, by table. */
  byTable(): Map<string, TableUnits> {
    const tables = new Map<string, TableUnits>();
    for (const ofScope of this.byScope.values()) {
      for (const [table, used] of ofScope) {
        const sum = tables.get(table) ?? { rru: 0, wru: 0, indexWru: 0, estimatedWru: 0, itemWrites: 0 };
        sum.rru += used.rru;
        sum.wru += used.wru;
        sum.indexWru += used.indexWru;
        sum.estimatedWru += used.estimatedWru;
        sum.itemWrites += used.itemWrites;
        tables.set(table, sum);
      }
    }
    return tables;
  }

  #units(scope: string, table: string): TableUnits {
    const ofScope = this.byScope.get(scope) ?? new Map<string, TableUnits>();
    this.byScope.set(scope, ofScope);
    const used = ofScope.get(table) ?? { rru: 0, wru: 0, indexWru: 0, estimatedWru: 0, itemWrites: 0 };
    ofScope.set(table, used);
    return used;
  }

  #record(scope: string, command: string, input: Item, consumed: unknown): void {
    const floors = readFloors(command, input);
    for (const entry of Array.isArray(consumed) ? consumed : [consumed]) {
      if (!isRecord(entry) || typeof entry.TableName !== 'string') continue;
      const used = this.#units(scope, entry.TableName);
      const indexes = indexUnits(entry.GlobalSecondaryIndexes) + indexUnits(entry.LocalSecondaryIndexes);
      const table = entry.Table === undefined ? units(entry) - indexes : units(entry.Table);
      if (READS.has(command)) used.rru += Math.max(table + indexes, floors.get(entry.TableName) ?? 0);
      else {
        used.wru += table;
        used.indexWru += indexes;
        used.itemWrites += command === 'BatchWriteItem' ? batchWrites(input, entry.TableName) : 1;
      }
    }
  }

  /** The items a transaction's writes will replace (undefined: none yet), read before it runs, or after. */
  #replacedItems(input: Item): Promise<(Item | undefined)[]> {
    return this.#ownWork(async () => {
      const puts = transactionWrites(input);
      const keyOf = async (table: string, item: Item) => pick(item, (await this.#shape(table)).keys);
      const keys = await Promise.all(puts.map(({ table, item, key }) => key ?? keyOf(table, item)));
      let requested: Record<string, { Keys: Item[]; ConsistentRead: true }> = {};
      for (const [i, { table }] of puts.entries()) {
        requested[table] ??= { Keys: [], ConsistentRead: true };
        requested[table].Keys.push(keys[i] ?? {});
      }
      const found = new Map<string, Item>();
      while (Object.keys(requested).length > 0) {
        const { Responses = {}, UnprocessedKeys = {} } = await this.#reader.send(new BatchGetCommand({ RequestItems: requested }));
        for (const [table, items] of Object.entries(Responses)) {
          for (const item of items) found.set(JSON.stringify([table, await keyOf(table, item)]), item);
        }
        requested = Object.fromEntries(
          Object.entries(UnprocessedKeys).map(([table, unprocessed]) => [
            table,
            { Keys: unprocessed.Keys ?? [], ConsistentRead: true as const },
          ]),
        );
      }
      return puts.map(({ table }, i) => found.get(JSON.stringify([table, keys[i]])));
    });
  }

  async #recordTransaction(scope: string, input: Item, replaced: readonly (Item | undefined)[]): Promise<void> {
    const writes = transactionWrites(input);
    // What the Updates left: the same keys read again, now that it has committed.
    const left = writes.some((write) => write.key !== undefined) ? await this.#replacedItems(input) : [];
    for (const [i, write] of writes.entries()) {
      const { table } = write;
      const item = write.item ?? left[i] ?? {};
      const before = replaced[i];
      const used = this.#units(scope, table);
      used.wru += 2 * Math.max(kilobytes(itemBytes(item)), before === undefined ? 0 : kilobytes(itemBytes(before)));
      used.indexWru += indexWriteUnits(before, item, await this.#shape(table));
      used.itemWrites++;
    }
  }

  #shape(table: string): Promise<TableShape> {
    let shape = this.#tables.get(table);
    if (shape === undefined) {
      shape = this.#client.send(new DescribeTableCommand({ TableName: table })).then(({ Table }) => {
        const names = (schema: { AttributeName?: string }[] | undefined) =>
          (schema ?? []).flatMap(({ AttributeName }) => (AttributeName === undefined ? [] : [AttributeName]));
        const indexes = [...(Table?.GlobalSecondaryIndexes ?? []), ...(Table?.LocalSecondaryIndexes ?? [])].map((index) => ({
          keys: names(index.KeySchema),
          projection: index.Projection?.ProjectionType ?? 'ALL',
          included: index.Projection?.NonKeyAttributes ?? [],
        }));
        return { keys: names(Table?.KeySchema), indexes };
      });
      this.#tables.set(table, shape);
    }
    return shape;
  }
}
