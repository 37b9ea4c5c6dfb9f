import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { type AuditEvent, auditEventSchema } from '../../domain/audit/audit-event.ts';
import { BadRequestError, ConflictError } from '../../domain/errors.ts';
import { type TenantConfig, tenantConfigSchema } from '../../domain/tenants/tenant-config.ts';
import type { StoredTenantConfig, TenantConfigStore } from '../../domain/tenants/tenant-config-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { decodeItem, jsonText } from './item-codec.ts';
import type { Item } from './item-fields.ts';
import { versionCondition } from './version-condition.ts';

const CURRENT = 'current';
const versionKey = (version: number) => `v#${String(version).padStart(10, '0')}`;

const required = z.string().min(1);

/** A configuration version as stored: the config itself as JSON text, checked by its schema. */
const tenantConfigItemSchema = z.object({
  tenant: required,
  version: z.number().int().min(1),
  config: jsonText(tenantConfigSchema),
  updatedAt: required,
  updatedBy: required,
}) satisfies z.ZodType<StoredTenantConfig>;

function fromItem(item: Item): StoredTenantConfig {
  return decodeItem(tenantConfigItemSchema, item, 'tenant configuration');
}

/** The sparse index of versions whose audit event is owed (attribute `owedShard`, present only then). */
const OWED_INDEX = 'byOwedAudit';
const OWED_SHARD = 'owed';

const owedItemSchema = z.object({ tenant: required, version: z.number().int().min(1), owedAudit: jsonText(auditEventSchema) });

/**
 * Key (tenant, sk): `current` holds the live version, `v#…` every version ever written. A version
 * item carries its audit event (`owedAudit`) until it is in the audit log: the outbox.
 */
export class DynamoTenantConfigStore implements TenantConfigStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async get(tenant: string): Promise<StoredTenantConfig | undefined> {
    const output = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { tenant, sk: CURRENT }, ConsistentRead: true }));
    return output.Item === undefined ? undefined : fromItem(output.Item);
  }

  async put(
    tenant: string,
    config: TenantConfig,
    expectedVersion: number,
    by: string,
    at: string,
    owed: AuditEvent,
  ): Promise<StoredTenantConfig> {
    const stored = { tenant, version: expectedVersion + 1, config, updatedAt: at, updatedBy: by };
    const item = { ...stored, config: JSON.stringify(config) };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...item, sk: CURRENT },
                ...versionCondition('sk', expectedVersion === 0 ? undefined : expectedVersion),
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: { ...item, sk: versionKey(stored.version), owedAudit: JSON.stringify(owed), owedShard: OWED_SHARD, owedSince: at },
                ConditionExpression: 'attribute_not_exists(sk)',
              },
            },
          ],
        }),
      );
    } catch (error: unknown) {
      if (error instanceof Error && (error.name === 'TransactionCanceledException' || error.name === 'TransactionConflictException')) {
        throw new ConflictError(`The configuration of ${tenant} changed since version ${expectedVersion}`, { cause: error });
      }
      throw error;
    }
    return stored;
  }

  async settle(tenant: string, version: number): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { tenant, sk: versionKey(version) },
        UpdateExpression: 'REMOVE owedAudit, owedShard, owedSince',
        ConditionExpression: 'attribute_exists(sk)',
      }),
    );
  }

  async owed(before: string, limit: number) {
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: OWED_INDEX,
        KeyConditionExpression: 'owedShard = :owed AND owedSince < :before',
        ExpressionAttributeValues: { ':owed': OWED_SHARD, ':before': before },
        Limit: limit,
      }),
    );
    return (output.Items ?? []).map((item) => {
      const { tenant, version, owedAudit } = decodeItem(owedItemSchema, item, 'owed configuration event');
      return { tenant, version, event: owedAudit };
    });
  }

  async history(tenant: string, limit: number, cursor: string | undefined): Promise<Page<StoredTenantConfig>> {
    const position = cursor === undefined ? undefined : decodeCursor(cursor, ['sk']);
    if (position !== undefined && !/^v#\d{10}$/.test(position.sk ?? '')) throw new BadRequestError('The cursor is not one this API issued');
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'tenant = :tenant AND begins_with(sk, :versions)',
        ExpressionAttributeValues: { ':tenant': tenant, ':versions': 'v#' },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: position === undefined ? undefined : { tenant, sk: position.sk },
      }),
    );
    const items = (output.Items ?? []).map(fromItem);
    const last = output.LastEvaluatedKey;
    return { items, cursor: last === undefined ? undefined : encodeCursor({ sk: String(last.sk) }) };
  }
}
