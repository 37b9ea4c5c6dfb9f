/**
 * The circuit breakers' shared state in the provider-state table: one item per tenant and
 * provider (`pk = breaker#<tenant>#<provider>`), every transition a conditional UpdateItem so
 * concurrent Lambda instances agree on who opens the circuit and who probes it.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { BreakerState, CircuitBreakerStore } from '../../domain/breaker.ts';
import { CLOSED } from '../../domain/breaker.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { decodeItem } from './item-codec.ts';

/** Idle breakers disappear after a week (TTL on `expiresAt`, epoch seconds). */
const RETENTION_SECONDS = 7 * 24 * 3600;

function expiresAt(now: number): number {
  return Math.floor(now / 1000) + RETENTION_SECONDS;
}

const breakerItemSchema = z.object({
  state: z.enum(['closed', 'open', 'half-open']),
  // A counter DynamoDB's ADD creates on first use: absent means none yet.
  failures: z.number().int().min(0).default(0),
  openUntil: z.number().optional(),
  probeUntil: z.number().optional(),
}) satisfies z.ZodType<BreakerState>;

/** No item is a closed breaker; a corrupt one is an error (the LLM step then abstains), never "closed". */
function decode(item: Record<string, unknown> | undefined): BreakerState {
  return item === undefined ? CLOSED : decodeItem(breakerItemSchema, item, 'circuit breaker');
}

/** Tries of a conditional update that met a concurrent write (TransactionConflict). */
const MAX_CONFLICT_ATTEMPTS = 3;

export class DynamoCircuitBreakerStore implements CircuitBreakerStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async read(key: string): Promise<BreakerState> {
    const output = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { pk: key }, ConsistentRead: true }));
    return decode(output.Item);
  }

  claimProbe(key: string, now: number, probeUntil: number): Promise<boolean> {
    return this.#conditional({
      Key: { pk: key },
      UpdateExpression: 'SET #state = :half, probeUntil = :probeUntil, updatedAt = :now, expiresAt = :ttl',
      ConditionExpression: '(#state = :open AND openUntil <= :now) OR (#state = :half AND probeUntil <= :now)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':half': 'half-open', ':open': 'open', ':probeUntil': probeUntil, ':now': now, ':ttl': expiresAt(now) },
    });
  }

  async addFailure(key: string, now: number): Promise<BreakerState> {
    const output = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: key },
        UpdateExpression: 'SET #state = if_not_exists(#state, :closed), updatedAt = :now, expiresAt = :ttl ADD failures :one',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':closed': 'closed', ':now': now, ':ttl': expiresAt(now), ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return decode(output.Attributes);
  }

  open(key: string, now: number, threshold: number, openUntil: number): Promise<boolean> {
    return this.#conditional({
      Key: { pk: key },
      UpdateExpression: 'SET #state = :open, openUntil = :openUntil, updatedAt = :now, expiresAt = :ttl',
      ConditionExpression: '#state = :closed AND failures >= :threshold',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':open': 'open',
        ':closed': 'closed',
        ':openUntil': openUntil,
        ':threshold': threshold,
        ':now': now,
        ':ttl': expiresAt(now),
      },
    });
  }

  reopen(key: string, now: number, openUntil: number): Promise<boolean> {
    return this.#conditional({
      Key: { pk: key },
      UpdateExpression: 'SET #state = :open, openUntil = :openUntil, updatedAt = :now, expiresAt = :ttl REMOVE probeUntil',
      ConditionExpression: '#state = :half',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':open': 'open', ':half': 'half-open', ':openUntil': openUntil, ':now': now, ':ttl': expiresAt(now) },
    });
  }

  close(key: string, now: number, from: 'closed' | 'half-open'): Promise<boolean> {
    return this.#conditional({
      Key: { pk: key },
      UpdateExpression: 'SET #state = :closed, failures = :zero, updatedAt = :now, expiresAt = :ttl REMOVE openUntil, probeUntil',
      ConditionExpression: '#state = :from',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':closed': 'closed', ':zero': 0, ':from': from, ':now': now, ':ttl': expiresAt(now) },
    });
  }

  /**
   * Runs a conditional update; losing the condition is an answer (false), not an error. A
   * TransactionConflict says nothing about the condition (the write met a concurrent one and was
   * not tried), so it is tried again: otherwise every racer could lose and none win the probe.
   */
  async #conditional(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#client.send(new UpdateCommand({ ...input, TableName: this.#table }));
        return true;
      } catch (error: unknown) {
        const conflict = error instanceof Error && error.name === 'TransactionConflictException';
        if (conflict && attempt < MAX_CONFLICT_ATTEMPTS) continue;
        if (isConditionFailure(error)) return false;
        throw error;
      }
    }
  }
}
