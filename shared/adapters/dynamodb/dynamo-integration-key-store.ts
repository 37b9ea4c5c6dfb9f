import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { SOURCES } from '../../domain/alerts/alert.ts';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { type IntegrationKeyRecord, type IntegrationKeyStore, KEY_SCOPES } from '../../domain/tenants/integration-key-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { decodeItem } from './item-codec.ts';
import type { Item } from './item-fields.ts';

const required = z.string().min(1);

/** A key's record; one that does not read back fails closed (no key is honoured on a guess). */
const integrationKeyItemSchema = z.object({
  keyId: required,
  tenant: required,
  name: required,
  secretHash: required,
  createdAt: required,
  createdBy: required,
  sources: z.array(z.enum(SOURCES)).optional(),
  scopes: z.array(z.enum(KEY_SCOPES)).optional(),
  expiresAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
}) satisfies z.ZodType<IntegrationKeyRecord>;

function fromItem(item: Item): IntegrationKeyRecord {
  return decodeItem(integrationKeyItemSchema, item, 'integration key');
}

export class DynamoIntegrationKeyStore implements IntegrationKeyStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async create(record: IntegrationKeyRecord): Promise<void> {
    await this.#client.send(
      new PutCommand({ TableName: this.#table, Item: { ...record }, ConditionExpression: 'attribute_not_exists(keyId)' }),
    );
  }

  async find(keyId: string): Promise<IntegrationKeyRecord | undefined> {
    const output = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { keyId }, ConsistentRead: true }));
    return output.Item === undefined ? undefined : fromItem(output.Item);
  }

  async touch(keyId: string, at: string): Promise<void> {
    const hourAgo = new Date(Date.parse(at) - 3_600_000).toISOString();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { keyId },
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: 'attribute_exists(keyId) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :hourAgo)',
          ExpressionAttributeValues: { ':at': at, ':hourAgo': hourAgo },
        }),
      );
    } catch (error: unknown) {
      // Used within the hour already: nothing to record.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async revoke(tenant: string, keyId: string, by: string, at: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { keyId },
          UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
          ConditionExpression: 'tenant = :tenant AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':tenant': tenant, ':at': at, ':by': by },
        }),
      );
    } catch (error: unknown) {
      // Unknown, already revoked, or another tenant's: all look the same from outside.
      if (isConditionFailure(error)) throw new NotFoundError(`No active integration key ${keyId}`, { cause: error });
      throw error;
    }
  }

  async list(tenant: string, limit: number, cursor: string | undefined): Promise<Page<IntegrationKeyRecord>> {
    const position = cursor === undefined ? undefined : decodeCursor(cursor, ['keyId', 'createdAt']);
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'byTenant',
        KeyConditionExpression: 'tenant = :tenant',
        ExpressionAttributeValues: { ':tenant': tenant },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: position === undefined ? undefined : { tenant, ...position },
      }),
    );
    const last = output.LastEvaluatedKey;
    return {
      items: (output.Items ?? []).map(fromItem),
      cursor: last === undefined ? undefined : encodeCursor({ keyId: String(last.keyId), createdAt: String(last.createdAt) }),
    };
  }
}
