import { describe, expect, it } from 'vitest';
import { secretCache } from '../../../../shared/adapters/secrets/secret-cache.ts';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the secret cache', () => {
  it('reads a key once for its time to live, then again', async () => {
    const time = clock();
    const cache = secretCache({ ttlMs: 1_000, now: time.now });
    let reads = 0;
    const read = async () => `value-${++reads}`;

    expect(await cache('k', read)).toBe('value-1');
    time.advance(999);
    expect(await cache('k', read)).toBe('value-1');
    time.advance(1);
    expect(await cache('k', read)).toBe('value-2');
  });

  it('forgets a failed read, so the next call reads again', async () => {
    const cache = secretCache({ ttlMs: 60_000, now: clock().now });
    let reads = 0;
    const read = async () => {
      reads += 1;
      if (reads === 1) throw new Error('throttled');
      return 'value';
    };

    await expect(cache('k', read)).rejects.toThrow('throttled');
    expect(await cache('k', read)).toBe('value');
    expect(reads).toBe(2);
  });

  it('shares one read in flight between concurrent callers, and keeps keys apart', async () => {
    const cache = secretCache({ ttlMs: 60_000, now: clock().now });
    let reads = 0;
    const read = (value: string) => async () => {
      reads += 1;
      return value;
    };

    expect(await Promise.all([cache('a', read('A')), cache('a', read('A')), cache('b', read('B'))])).toEqual(['A', 'A', 'B']);
    expect(reads).toBe(2);
  });
});
