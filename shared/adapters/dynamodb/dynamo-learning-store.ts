/**
 * Corrections and learned models in the learning table (resources/dynamodb.yml): the model under
 * key `model`, each correction under `correction#<id>` with `correctedAt` `<time>#<id>` for the
 * byTime index. A correction and its model change are one transaction, conditioned on the model's
 * version, so the list and the model never disagree.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { originalDecisionSchema } from '../../domain/triage/decision-schema.ts';
import type { Correction } from '../../domain/triage/learning/correction.ts';
import {
  correctedValuesSchema,
  learnedExampleSchema,
  NO_LEARNING,
  type TenantLearning,
} from '../../domain/triage/learning/learned-example.ts';
import type { CorrectionPage, LearningStore } from '../../domain/triage/learning/learning-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { decodeItem } from './item-codec.ts';
import { versionCondition } from './version-condition.ts';

const MODEL_KEY = 'model';
const correctionKey = (id: string) => `correction#${id}`;

const modelSchema = z.object({ version: z.number().int().nonnegative(), examples: z.array(learnedExampleSchema) });

const correctionSchema = z
  .object({
    id: z.string(),
    tenant: z.string(),
    alertId: z.string(),
    alertName: z.string(),
    revision: z.number().int(),
    by: z.string(),
    at: z.string(),
    set: correctedValuesSchema,
    note: z.string().optional(),
    original: originalDecisionSchema,
    // Corrections stored before `replaced` was kept replaced triage's decision.
    replaced: originalDecisionSchema.optional(),
  })
  .transform((correction): Correction => ({ ...correction, replaced: correction.replaced ?? correction.original }));

/** Why a transaction was cancelled, per item (DynamoDB's CancellationReasons codes). */
function reasons(error: unknown): readonly (string | undefined)[] | undefined {
  return error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((reason) => reason.Code) : undefined;
}

export class DynamoLearningStore implements LearningStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async model(tenant: string): Promise<TenantLearning> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { tenant, key: MODEL_KEY }, ConsistentRead: true }),
    );
    return Item === undefined ? NO_LEARNING : decodeItem(modelSchema, Item, 'learned model');
  }

  #modelWrite(tenant: string, next: TenantLearning, expectedVersion: number) {
    return {
      Put: {
        TableName: this.#table,
        Item: { tenant, key: MODEL_KEY, version: next.version, examples: next.examples },
        ...versionCondition('tenant', expectedVersion === 0 ? undefined : expectedVersion),
      },
    };
  }

  async addCorrection(correction: Correction, next: TenantLearning, expectedVersion: number): Promise<'saved' | 'exists'> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...correction, key: correctionKey(correction.id), correctedAt: `${correction.at}#${correction.id}` },
                ConditionExpression: 'attribute_not_exists(tenant)',
              },
            },
            this.#modelWrite(correction.tenant, next, expectedVersion),
          ],
        }),
      );
      return 'saved';
    } catch (error: unknown) {
      const codes = reasons(error);
      if (codes?.[0] === 'ConditionalCheckFailed') return 'exists';
      if (codes?.[1] === 'ConditionalCheckFailed' || codes?.includes('TransactionConflict'))
        throw new ConflictError('The learned model changed meanwhile', { cause: error });
      throw error;
    }
  }

  async removeCorrection(tenant: string, id: string, next: TenantLearning, expectedVersion: number): Promise<void> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: { TableName: this.#table, Key: { tenant, key: correctionKey(id) }, ConditionExpression: 'attribute_exists(tenant)' },
            },
            this.#modelWrite(tenant, next, expectedVersion),
          ],
        }),
      );
    } catch (error: unknown) {
      const codes = reasons(error);
      if (codes?.[0] === 'ConditionalCheckFailed') throw new NotFoundError(`No correction ${id}`, { cause: error });
      if (codes?.[1] === 'ConditionalCheckFailed' || codes?.includes('TransactionConflict'))
        throw new ConflictError('The learned model changed meanwhile', { cause: error });
      throw error;
    }
  }

  async getCorrection(tenant: string, id: string): Promise<Correction | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { tenant, key: correctionKey(id) }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : decodeItem(correctionSchema, Item, 'correction');
  }

  async listCorrections(tenant: string, page: { readonly limit: number; readonly cursor?: string }): Promise<CorrectionPage> {
    const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['correctedAt', 'key']);
    const result = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'byTime',
        KeyConditionExpression: 'tenant = :tenant',
        ExpressionAttributeValues: { ':tenant': tenant },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(start === undefined ? {} : { ExclusiveStartKey: { tenant, ...start } }),
      }),
    );
    const last = result.LastEvaluatedKey;
    return {
      items: (result.Items ?? []).map((item) => decodeItem(correctionSchema, item, 'correction')),
      ...(last === undefined ? {} : { cursor: encodeCursor({ correctedAt: String(last.correctedAt), key: String(last.key) }) }),
    };
  }
}
