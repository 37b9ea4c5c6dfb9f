/**
 * One circuit breaker per execution target (a tenant's webhook, Alertmanager or SSM account),
 * in memory per container: a target that keeps failing stops being called for a while, so an
 * outage on one tenant's side does not hold every execution for its full retry budget.
 * Only transient failures (timeouts, network errors, 429, 5xx) count; a 400 is the request's
 * fault, not the target's.
 */
import { type CircuitBreakerPolicy, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';

export interface TargetBreakerOptions {
  /** Consecutive transient failures that open a target's circuit (default 5). */
  readonly threshold?: number;
  /** How long an open circuit refuses calls before one probe may go (default 30 s). */
  readonly halfOpenAfterMs?: number;
  /** Breakers kept; the oldest are forgotten beyond it (default 1000). */
  readonly maxTargets?: number;
}

export const DEFAULT_TARGET_BREAKER = { threshold: 5, halfOpenAfterMs: 30_000, maxTargets: 1_000 } as const;

/** Whether a failure says something about the target's health. */
export type FailureFilter = (error: unknown) => boolean;

export class TargetBreakers {
  readonly #threshold: number;
  readonly #halfOpenAfterMs: number;
  readonly #maxTargets: number;
  readonly #breakers = new Map<string, CircuitBreakerPolicy>();
  readonly #counts: FailureFilter;

  constructor(counts: FailureFilter, options: TargetBreakerOptions = {}) {
    this.#counts = counts;
    this.#threshold = options.threshold ?? DEFAULT_TARGET_BREAKER.threshold;
    this.#halfOpenAfterMs = options.halfOpenAfterMs ?? DEFAULT_TARGET_BREAKER.halfOpenAfterMs;
    this.#maxTargets = options.maxTargets ?? DEFAULT_TARGET_BREAKER.maxTargets;
  }

  /** The breaker of one target, e.g. `targetKey('acme', 'webhook', 'restart-api')`. */
  for(key: string): CircuitBreakerPolicy {
    const existing = this.#breakers.get(key);
    if (existing !== undefined) return existing;
    const breaker = circuitBreaker(handleWhen(this.#counts), {
      halfOpenAfter: this.#halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.#threshold),
    });
    if (this.#breakers.size >= this.#maxTargets) {
      const oldest = this.#breakers.keys().next();
      if (oldest.done !== true) this.#breakers.delete(oldest.value);
    }
    this.#breakers.set(key, breaker);
    return breaker;
  }
}

export function targetKey(tenant: string, executor: string, target: string): string {
  return `${tenant}\u0000${executor}\u0000${target}`;
}
