/** Limits the operator sets for every tenant (deployment configuration); tenants may only lower them. */
export interface OperatorLimits {
  /** Per tenant and minute, the API's routes. */
  readonly apiPerMinute: number;
  /** Per tenant and minute, the webhooks. */
  readonly webhookPerMinute: number;
  /** Per principal and minute, every route: one principal cannot use up its tenant's rate. */
  readonly principalPerMinute: number;
  /** Per source address and minute, requests that fail authentication. */
  readonly unauthenticatedPerMinute: number;
}

/** A shared per-key request counter over fixed windows. */
export interface RateLimiter {
  /** Counts one request against `limit` per `windowSeconds`; says whether it is allowed and when the window ends. */
  consume(
    key: string,
    limit: number,
    windowSeconds: number,
    now: Date,
  ): Promise<{ allowed: boolean; windowStart: number; retryAfterSeconds: number }>;
  /** Counts one occurrence in the window, unconditionally; gives the window's count so far. */
  count(key: string, windowSeconds: number, now: Date): Promise<{ count: number; windowStart: number }>;
}
