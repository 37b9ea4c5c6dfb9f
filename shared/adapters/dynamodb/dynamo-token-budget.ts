/**
 * Each tenant's daily LLM token budget, counted per UTC day in the provider-state table
 * (`pk = budget#<tenant>#<YYYY-MM-DD>`, an atomic ADD per call, gone two days later by TTL).
 * The check runs before each call and the spend is added after it, so concurrent calls can
 * overshoot the limit by what they use between the check and the add: a soft cap, by design
 * cheaper than reserving tokens ahead of an answer whose size nobody knows.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TokenBudget } from '../../domain/triage/token-budget.ts';
import { decodeItem } from './item-codec.ts';

const DAY_MS = 24 * 3600 * 1000;

const budgetItemSchema = z.object({ tokens: z.number().int().min(0) });

export function budgetKey(tenant: string, at: number): string {
  return `budget#${tenant}#${new Date(at).toISOString().slice(0, 10)}`;
}

export class DynamoTokenBudget implements TokenBudget {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => number;

  constructor(client: DynamoDBDocumentClient, table: string, now: () => number = Date.now) {
    this.#client = client;
    this.#table = table;
    this.#now = now;
  }

  async canSpend(tenant: string, dailyLimit: number): Promise<boolean> {
    if (dailyLimit <= 0) return false;
    return (await this.used(tenant)) < dailyLimit;
  }

  async spend(tenant: string, tokens: number): Promise<void> {
    if (!(tokens > 0)) return;
    const now = this.#now();
    const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: budgetKey(tenant, now) },
        UpdateExpression: 'ADD tokens :tokens SET expiresAt = :ttl',
        ExpressionAttributeValues: { ':tokens': Math.ceil(tokens), ':ttl': Math.floor((dayStart + 2 * DAY_MS) / 1000) },
      }),
    );
  }

  async used(tenant: string): Promise<number> {
    const output = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { pk: budgetKey(tenant, this.#now()) }, ConsistentRead: true }),
    );
    // No item: nothing spent today. A corrupt one is an error (the LLM step abstains), never "nothing spent".
    return output.Item === undefined ? 0 : decodeItem(budgetItemSchema, output.Item, 'token budget').tokens;
  }
}
