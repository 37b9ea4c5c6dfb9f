/**
 * The circuit breakers' shared state in the provider-state table: one item per tenant and
 * provider (`pk = breaker#<tenant>#<provider>`), every transition a conditional UpdateItem so
 * concurrent Lambda instances agree on who opens the circuit and who probes it.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BreakerState, CircuitBreakerStore, CircuitState } from '../../domain/breaker.ts';
import { CLOSED } from '../../domain/breaker.ts';
import { isConditionFailure } from './dynamo-errors.ts';

/** Idle breakers disappear after a week (TTL on `expiresAt`, epoch seconds). */
const RETENTION_SECONDS = 7 * 24 * 3600;

function expiresAt(now: number): number {
  return Math.floor(now / 1000) + RETENTION_SECONDS;
}

function decode(item: Record<string, unknown> | undefined): BreakerState {
  if (item === undefined) return CLOSED;
  const state: CircuitState = item.state === 'open' || item.state === 'half-open' ? item.state : 'closed';
  return {
    state,
    failures: typeof item.failures === 'number' ? item.failures : 0,
    openUntil: typeof item.openUntil === 'number' ? item.openUntil : undefined,
    probeUntil: typeof item.probeUntil === 'number' ? item.probeUntil : undefined,
  };
}

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

  /** Runs a conditional update; losing the condition is an answer (false), not an error. */
  async #conditional(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    try {
      await this.#client.send(new UpdateCommand({ ...input, TableName: this.#table }));
      return true;
    } catch (error: unknown) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
