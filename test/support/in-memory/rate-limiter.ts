/** Fixed-window counters in memory, with the DynamoDB limiter's semantics (tested against it in integration). */
import type { RateLimiter } from '../../../shared/domain/tenants/rate-limiter.ts';

export class InMemoryRateLimiter implements RateLimiter {
  readonly hits = new Map<string, number>();

  #window(windowSeconds: number, now: Date) {
    const seconds = Math.floor(now.getTime() / 1000);
    const windowStart = seconds - (seconds % windowSeconds);
    return { windowStart, retryAfterSeconds: Math.max(1, windowStart + windowSeconds - seconds) };
  }

  async consume(key: string, limit: number, windowSeconds: number, now: Date) {
    const { windowStart, retryAfterSeconds } = this.#window(windowSeconds, now);
    const slot = `rate#${key}#${windowStart}`;
    const hits = this.hits.get(slot) ?? 0;
    if (hits >= limit) return { allowed: false, windowStart, retryAfterSeconds };
    this.hits.set(slot, hits + 1);
    return { allowed: true, windowStart, retryAfterSeconds };
  }

  async count(key: string, windowSeconds: number, now: Date) {
    const { windowStart } = this.#window(windowSeconds, now);
    const slot = `count#${key}#${windowStart}`;
    const count = (this.hits.get(slot) ?? 0) + 1;
    this.hits.set(slot, count);
    return { count, windowStart };
  }
}
