import { describe, expect, it } from 'vitest';
import { DynamoRateLimiter } from '../../shared/adapters/dynamodb/dynamo-rate-limiter.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

const limiter = new DynamoRateLimiter(localDynamo(), emulators().tables.providerState);
// A fixed time far ahead: the counters expire two windows after it, and DynamoDB Local's TTL
// sweeper deletes items once their expiry has passed, mid-test.
const now = new Date('2099-12-01T10:00:30.000Z');

describe('the DynamoDB rate limiter', () => {
  it('allows exactly the limit in a window, even to callers racing each other, and opens the next window afresh', async () => {
    const key = `${freshTenant('rate')}#api`;
    const verdicts = await Promise.all(Array.from({ length: 12 }, () => limiter.consume(key, 5, 60, now)));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(5);
    expect(verdicts[0]).toMatchObject({ windowStart: Date.parse('2099-12-01T10:00:00Z') / 1000, retryAfterSeconds: 30 });
    expect((await limiter.consume(key, 5, 60, new Date('2099-12-01T10:01:00.000Z'))).allowed).toBe(true);
  });

  it('counts every occurrence, each caller seeing a count of its own', async () => {
    const key = `denied#${freshTenant('count')}#x`;
    const counts = await Promise.all(Array.from({ length: 10 }, () => limiter.count(key, 60, now)));
    expect(counts.map((count) => count.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
