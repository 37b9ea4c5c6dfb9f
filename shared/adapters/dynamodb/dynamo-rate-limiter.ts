import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../domain/tenants/rate-limiter.ts';
import { isConditionFailure } from './dynamo-errors.ts';

/**
 * Fixed-window counters in DynamoDB, shared by every Lambda instance: one conditional ADD per
 * request (refused once the window's count reaches the limit); counters expire by TTL.
 */
export class DynamoRateLimiter implements RateLimiter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async consume(key: string, limit: number, windowSeconds: number, now: Date) {
    const seconds = Math.floor(now.getTime() / 1000);
    const windowStart = seconds - (seconds % windowSeconds);
    const retryAfterSeconds = Math.max(1, windowStart + windowSeconds - seconds);
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: `rate#${key}#${windowStart}` },
          UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowStart + windowSeconds * 2 },
        }),
      );
      return { allowed: true, windowStart, retryAfterSeconds };
    } catch (error: unknown) {
      if (isConditionFailure(error)) return { allowed: false, windowStart, retryAfterSeconds };
      throw error;
    }
  }

  async count(key: string, windowSeconds: number, now: Date) {
    const seconds = Math.floor(now.getTime() / 1000);
    const windowStart = seconds - (seconds % windowSeconds);
    const updated = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: `count#${key}#${windowStart}` },
        UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
        ExpressionAttributeValues: { ':one': 1, ':expires': windowStart + windowSeconds * 2 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = updated.Attributes?.hits;
    return { count: typeof hits === 'number' ? hits : 1, windowStart };
  }
}
