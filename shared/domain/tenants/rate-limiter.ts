/** A shared per-key request counter over fixed windows. */
export interface RateLimiter {
  /** Counts one request against `limit` per `windowSeconds`; says whether it is allowed and when the window ends. */
  consume(
    key: string,
    limit: number,
    windowSeconds: number,
    now: Date,
  ): Promise<{ allowed: boolean; windowStart: number; retryAfterSeconds: number }>;
}
