import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { BadRequestError, ConflictError } from '../../domain/errors.ts';
import { type Incident, parseIncidentId } from '../../domain/incidents/incident.ts';
import type { IncidentFilter, IncidentStore } from '../../domain/incidents/incident-store.ts';
import { collectPages } from './collect-pages.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { incidentFromItem, incidentSortKey, incidentToItem } from './incident-item.ts';
import type { Item } from './item-fields.ts';

/** A filtered listing reads at most this many pages before answering a short page and a cursor. */
const MAX_LIST_ROUNDS = 5;

export class DynamoIncidentStore implements IncidentStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async get(tenant: string, id: string): Promise<Incident | undefined> {
    const parsed = parseIncidentId(id);
    if (parsed === undefined) return undefined;
    const { Item: item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { tenant, sk: incidentSortKey(parsed.groupHash, parsed.sequence) },
        ConsistentRead: true,
      }),
    );
    return item === undefined ? undefined : incidentFromItem(item);
  }

  async latestOfGroup(tenant: string, groupHash: string): Promise<Incident | undefined> {
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'tenant = :tenant AND begins_with(sk, :group)',
        ExpressionAttributeValues: { ':tenant': tenant, ':group': `incident#${groupHash}#` },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = output.Items?.[0];
    return item === undefined ? undefined : incidentFromItem(item);
  }

  async create(incident: Incident): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: incidentToItem(incident), ConditionExpression: 'attribute_not_exists(sk)' }),
      );
    } catch (error: unknown) {
      if (isConditionFailure(error)) throw new ConflictError(`Incident ${incident.id} was opened meanwhile`, { cause: error });
      throw error;
    }
  }

  async save(incident: Incident): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: incidentToItem(incident),
          ConditionExpression: 'version = :previous',
          ExpressionAttributeValues: { ':previous': incident.version - 1 },
        }),
      );
    } catch (error: unknown) {
      if (isConditionFailure(error)) throw new ConflictError(`Incident ${incident.id} changed meanwhile`, { cause: error });
      throw error;
    }
  }

  async saveAll(incidents: readonly Incident[]): Promise<void> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: incidents.map((incident) => ({
            Put: {
              TableName: this.#table,
              Item: incidentToItem(incident),
              ConditionExpression: 'version = :previous',
              ExpressionAttributeValues: { ':previous': incident.version - 1 },
            },
          })),
        }),
      );
    } catch (error: unknown) {
      if (isConditionFailure(error) || (error instanceof Error && error.name === 'TransactionCanceledException')) {
        throw new ConflictError('An incident changed meanwhile', { cause: error });
      }
      throw error;
    }
  }

  async list(tenant: string, filter: IncidentFilter, limit: number, cursor: string | undefined): Promise<Page<Incident>> {
    let startKey: Item | undefined;
    if (cursor !== undefined) {
      const position = decodeCursor(cursor, ['sk', 'openedAt']);
      if (!position.sk?.startsWith('incident#') || (position.openedAt ?? '') === '') {
        throw new BadRequestError('The cursor is not one this API issued');
      }
      startKey = { tenant, sk: position.sk, openedAt: position.openedAt };
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':tenant': tenant };
    const conditions: string[] = [];
    for (const field of ['status', 'severity', 'category', 'team'] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      conditions.push(`#${field} = :${field}`);
    }
    if (filter.since !== undefined) values[':since'] = filter.since;
    const { items, lastKey } = await collectPages(
      (start, remaining) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: 'byOpenedAt',
            KeyConditionExpression: filter.since === undefined ? 'tenant = :tenant' : 'tenant = :tenant AND openedAt >= :since',
            ...(conditions.length === 0 ? {} : { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names }),
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: remaining,
            ExclusiveStartKey: start,
          }),
        ),
      incidentFromItem,
      { limit, maxRounds: MAX_LIST_ROUNDS, ...(startKey === undefined ? {} : { startKey }) },
    );
    return {
      items,
      ...(lastKey === undefined ? {} : { cursor: encodeCursor({ sk: String(lastKey.sk), openedAt: String(lastKey.openedAt) }) }),
    };
  }
}
