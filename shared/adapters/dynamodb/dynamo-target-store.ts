import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.ts';
import type { TargetState } from '../../domain/remediation/remediation-target.ts';
import type { TargetStore } from '../../domain/remediation/target-store.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { targetFromItem, targetSortKey, targetToItem } from './incident-item.ts';

/** Remediation targets' claims and history, beside the incidents (see incident-item.ts). */
export class DynamoTargetStore implements TargetStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => Date;

  constructor(client: DynamoDBDocumentClient, table: string, now: () => Date = () => new Date()) {
    this.#client = client;
    this.#table = table;
    this.#now = now;
  }

  async get(tenant: string, targetKey: string): Promise<TargetState | undefined> {
    const { Item: item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { tenant, sk: targetSortKey(targetKey) }, ConsistentRead: true }),
    );
    return item === undefined ? undefined : targetFromItem(item);
  }

  async save(state: TargetState): Promise<void> {
    const first = state.version === 1;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: targetToItem(state, this.#now()),
          ConditionExpression: first ? 'attribute_not_exists(sk)' : 'version = :previous',
          ...(first ? {} : { ExpressionAttributeValues: { ':previous': state.version - 1 } }),
        }),
      );
    } catch (error: unknown) {
      if (isConditionFailure(error)) throw new ConflictError(`Target ${state.targetKey} changed meanwhile`, { cause: error });
      throw error;
    }
  }
}
