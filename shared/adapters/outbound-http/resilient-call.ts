/**
 * The one resilience stack every outbound call uses (LLM providers, executors, notifications),
 * built from cockatiel: a budget for the whole call, an optional timeout per attempt, retries of
 * what the caller says is retryable with decorrelated-jitter exponential backoff (at least as
 * long as a Retry-After asked for), and an optional circuit breaker around each attempt. A retry
 * that wakes after the budget ran out starts no request. Failures come back as values; each
 * caller turns them into its own error words.
 */
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  decorrelatedJitterGenerator,
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';

export interface ResiliencePolicy {
  /** Time the whole call may take, retries and waits included. */
  readonly budgetMs: number;
  /** Time one attempt may take; absent, an attempt may use what is left of the budget. */
  readonly attemptTimeoutMs?: number;
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export interface Resilience {
  /** Whether a failed attempt is worth another (and, with a breaker, a sign of ill health). */
  readonly retryable: (error: unknown, remainingMs: number) => boolean;
  /** How long the target asked to be left alone (Retry-After), if it did. */
  readonly retryAfterMs?: (error: unknown) => number | undefined;
  readonly breaker?: CircuitBreakerPolicy;
  /** What an attempt that ran past `attemptTimeoutMs` throws (it is then judged by `retryable`). */
  readonly attemptTimedOut?: (timeoutMs: number, cause: unknown) => Error;
}

export type ResilientOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | {
      readonly ok: false;
      /** `budget`: the budget ran out; `circuit-open`: the breaker refused; `error`: `error` ended it. */
      readonly failure: 'budget' | 'circuit-open' | 'error';
      readonly error: unknown;
      /** What the last attempt threw, if one ran. */
      readonly last: unknown;
      readonly attempts: number;
    };

class BudgetSpent extends Error {
  override name = 'BudgetSpent';
}

/**
 * @example
 * const outcome = await resilientCall(EXECUTOR_DELIVERY, { retryable: isTransientFailure, breaker }, (signal) => post(signal));
 * if (!outcome.ok && outcome.failure === 'budget') …
 */
export async function resilientCall<T>(
  policy: ResiliencePolicy,
  resilience: Resilience,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<ResilientOutcome<T>> {
  const deadline = performance.now() + policy.budgetMs;
  const remaining = () => deadline - performance.now();
  let attempts = 0;
  let last: unknown;
  const backoff = new ExponentialBackoff({
    generator: decorrelatedJitterGenerator,
    initialDelay: policy.initialDelayMs,
    maxDelay: policy.maxDelayMs,
  });
  const retries = retry(
    handleWhen((error) => resilience.retryable(error, remaining())),
    {
      maxAttempts: policy.maxRetries,
      backoff: resilience.retryAfterMs === undefined ? backoff : new RetryAfterBackoff(backoff, resilience.retryAfterMs),
    },
  );
  const perAttempt = policy.attemptTimeoutMs === undefined ? undefined : timeout(policy.attemptTimeoutMs, TimeoutStrategy.Aggressive);

  const oneAttempt = async (signal: AbortSignal): Promise<T> => {
    if (signal.aborted) throw new BudgetSpent('the budget ran out before the attempt');
    attempts += 1;
    try {
      if (perAttempt === undefined) return await attempt(signal);
      return await perAttempt.execute(({ signal: attemptSignal }) => attempt(attemptSignal), signal);
    } catch (error: unknown) {
      if (error instanceof TaskCancelledError && policy.attemptTimeoutMs !== undefined && !signal.aborted) {
        last = resilience.attemptTimedOut?.(policy.attemptTimeoutMs, error) ?? error;
        throw last;
      }
      if (!(error instanceof TaskCancelledError)) last = error;
      throw error;
    }
  };

  try {
    const value = await wrap(timeout(policy.budgetMs, TimeoutStrategy.Aggressive), retries).execute(({ signal }) =>
      resilience.breaker === undefined ? oneAttempt(signal) : resilience.breaker.execute(() => oneAttempt(signal), signal),
    );
    return { ok: true, value, attempts };
  } catch (error: unknown) {
    if (error instanceof BrokenCircuitError) return { ok: false, failure: 'circuit-open', error, last, attempts };
    if (error instanceof TaskCancelledError || error instanceof BudgetSpent) return { ok: false, failure: 'budget', error, last, attempts };
    return { ok: false, failure: 'error', error, last, attempts };
  }
}

type BackoffContext = IRetryBackoffContext<unknown>;

/** Waits at least as long as the target's Retry-After asked for. */
class RetryAfterBackoff implements IBackoff<BackoffContext> {
  readonly duration: number;
  readonly #inner: IBackoffFactory<BackoffContext>;
  readonly #asked: (error: unknown) => number | undefined;

  constructor(inner: IBackoffFactory<BackoffContext>, asked: (error: unknown) => number | undefined, duration = 0) {
    this.#inner = inner;
    this.#asked = asked;
    this.duration = duration;
  }

  next(context: BackoffContext): IBackoff<BackoffContext> {
    const inner = this.#inner.next(context);
    const asked = 'error' in context.result ? (this.#asked(context.result.error) ?? 0) : 0;
    return new RetryAfterBackoff(inner, this.#asked, Math.max(inner.duration, asked));
  }
}
