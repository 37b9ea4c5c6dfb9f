import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoCircuitBreakerStore } from '../../../shared/adapters/dynamodb/dynamo-circuit-breaker-store.ts';
import { budgetKey, DynamoTokenBudget } from '../../../shared/adapters/dynamodb/dynamo-token-budget.ts';
import { breakerKey, SharedCircuitBreaker } from '../../../shared/domain/breaker.ts';
import { freshTenant, localDynamo } from '../../helpers/local-clients.ts';
import { ensureProviderStateTable } from './provider-state-table.ts';

const dynamo = localDynamo();
let table = '';

beforeAll(async () => {
  table = await ensureProviderStateTable();
});

/**
 * A fixed day far ahead: the items these tests write expire a little after it, and DynamoDB
 * Local's TTL sweeper deletes items whose time has passed, mid-test (it did, once 2026-11-22 was).
 */
function clock(start = Date.parse('2099-11-22T12:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the shared circuit breaker on DynamoDB', () => {
  it('stays closed below the threshold and opens at it', async () => {
    const time = clock();
    const breaker = new SharedCircuitBreaker(new DynamoCircuitBreakerStore(dynamo, table), { threshold: 3, now: time.now });
    const key = breakerKey(freshTenant('breaker'), 'p');
    for (let i = 0; i < 2; i++) await breaker.onFailure(await breaker.acquire(key, 1_000));
    expect(await breaker.state(key)).toMatchObject({ state: 'closed', failures: 2 });
    await breaker.onFailure(await breaker.acquire(key, 1_000));
    expect(await breaker.state(key)).toMatchObject({ state: 'open', failures: 3, openUntil: time.now() + 30_000 });
    expect(await breaker.acquire(key, 1_000)).toMatchObject({ allowed: false, reason: 'circuit open until 2099-11-22T12:00:30.000Z' });
  });

  it('resets the count of consecutive failures on a success', async () => {
    const breaker = new SharedCircuitBreaker(new DynamoCircuitBreakerStore(dynamo, table), { threshold: 3 });
    const key = breakerKey(freshTenant('breaker'), 'p');
    await breaker.onFailure(await breaker.acquire(key, 1_000));
    await breaker.onFailure(await breaker.acquire(key, 1_000));
    await breaker.onSuccess(await breaker.acquire(key, 1_000));
    await breaker.onFailure(await breaker.acquire(key, 1_000));
    expect(await breaker.state(key)).toMatchObject({ state: 'closed', failures: 1 });
  });

  it('lets exactly one of many concurrent callers probe once the open period is over', async () => {
    const time = clock();
    const instances = Array.from(
      { length: 8 },
      () => new SharedCircuitBreaker(new DynamoCircuitBreakerStore(dynamo, table), { threshold: 1, now: time.now }),
    );
    const key = breakerKey(freshTenant('probe'), 'p');
    await instances[0]?.onFailure(await instances[0].acquire(key, 1_000));
    time.advance(30_000);
    const permits = await Promise.all(instances.map((instance) => instance.acquire(key, 10_000)));
    expect(permits.filter((permit) => permit.allowed)).toHaveLength(1);
    expect(permits.filter((permit) => !permit.allowed).map((permit) => !permit.allowed && permit.reason)).toEqual(
      Array(7).fill('circuit open: another caller is probing the provider'),
    );
  });

  it('grants the probe claim to exactly one of many concurrent conditional writes', async () => {
    const store = new DynamoCircuitBreakerStore(dynamo, table);
    const key = breakerKey(freshTenant('claim'), 'p');
    const now = clock().now();
    await store.addFailure(key, now);
    await store.open(key, now, 1, now + 30_000);
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claimProbe(key, now + 30_000, now + 40_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.read(key)).toMatchObject({ state: 'half-open', probeUntil: now + 40_000 });
  });

  it('hands the probe to another caller when the prober vanished past its lease', async () => {
    const time = clock();
    const breaker = new SharedCircuitBreaker(new DynamoCircuitBreakerStore(dynamo, table), { threshold: 1, now: time.now });
    const key = breakerKey(freshTenant('lease'), 'p');
    await breaker.onFailure(await breaker.acquire(key, 1_000));
    time.advance(30_000);
    expect(await breaker.acquire(key, 5_000)).toMatchObject({ allowed: true, probe: true });
    time.advance(4_999);
    expect(await breaker.acquire(key, 5_000)).toMatchObject({ allowed: false });
    time.advance(1);
    expect(await breaker.acquire(key, 5_000)).toMatchObject({ allowed: true, probe: true });
  });

  it('closes when the probe succeeds and reopens for another period when it fails', async () => {
    const time = clock();
    const breaker = new SharedCircuitBreaker(new DynamoCircuitBreakerStore(dynamo, table), { threshold: 1, now: time.now });
    const key = breakerKey(freshTenant('probe'), 'p');
    await breaker.onFailure(await breaker.acquire(key, 1_000));
    time.advance(30_000);
    await breaker.onFailure(await breaker.acquire(key, 1_000));
    expect(await breaker.state(key)).toMatchObject({ state: 'open', openUntil: time.now() + 30_000 });
    time.advance(30_000);
    await breaker.onSuccess(await breaker.acquire(key, 1_000));
    expect(await breaker.state(key)).toEqual({ state: 'closed', failures: 0 });
  });

  it('keeps each tenant and provider in its own item, with a TTL', async () => {
    const time = clock();
    const breaker = new SharedCircuitBreaker(new DynamoCircuitBreakerStore(dynamo, table), { threshold: 1, now: time.now });
    const tenant = freshTenant('isolation');
    await breaker.onFailure(await breaker.acquire(breakerKey(tenant, 'a'), 1_000));
    expect(await breaker.acquire(breakerKey(tenant, 'b'), 1_000)).toMatchObject({ allowed: true });
    expect(await breaker.acquire(breakerKey(freshTenant('other'), 'a'), 1_000)).toMatchObject({ allowed: true });
    const item = await dynamo.send(new GetCommand({ TableName: table, Key: { pk: breakerKey(tenant, 'a') } }));
    expect(item.Item?.expiresAt).toBe(Math.floor(time.now() / 1000) + 7 * 24 * 3600);
  });
});

describe('the daily token budget on DynamoDB', () => {
  it('adds concurrent spends atomically', async () => {
    const budget = new DynamoTokenBudget(dynamo, table);
    const tenant = freshTenant('budget');
    await Promise.all(Array.from({ length: 20 }, () => budget.spend(tenant, 10)));
    expect(await budget.used(tenant)).toBe(200);
  });

  it('allows spending until the limit is reached', async () => {
    const budget = new DynamoTokenBudget(dynamo, table);
    const tenant = freshTenant('budget');
    await budget.spend(tenant, 999);
    expect(await budget.canSpend(tenant, 1_000)).toBe(true);
    await budget.spend(tenant, 1);
    expect(await budget.canSpend(tenant, 1_000)).toBe(false);
    expect(await budget.canSpend(freshTenant('budget'), 0)).toBe(false);
  });

  it('starts a new count each UTC day and lets the old one expire two days after it began', async () => {
    const time = clock(Date.parse('2099-11-22T23:59:59Z'));
    const budget = new DynamoTokenBudget(dynamo, table, time.now);
    const tenant = freshTenant('budget');
    await budget.spend(tenant, 500);
    const item = await dynamo.send(new GetCommand({ TableName: table, Key: { pk: budgetKey(tenant, time.now()) } }));
    expect(item.Item).toMatchObject({
      pk: `budget#${tenant}#2099-11-22`,
      tokens: 500,
      expiresAt: Date.parse('2099-11-24T00:00:00Z') / 1000,
    });
    time.advance(1_000);
    expect(await budget.used(tenant)).toBe(0);
  });
});
