/**
 * How one provider call is made resilient, with cockatiel: the provider's `timeoutMs` is the
 * budget for the whole call, retries included; retryable ProviderErrors (429, 5xx, timeouts,
 * network) are retried at most twice with decorrelated-jitter exponential backoff (longer when
 * the provider sent a Retry-After), and only while the budget can still cover the wait.
 */
import {
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
import { ProviderError } from '../llm/llm-client.ts';

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  readonly maxRetries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 2, initialDelayMs: 100, maxDelayMs: 1_000 };

export interface CallOutcome<T> {
  readonly value: T;
  readonly attempts: number;
}

/** The call failed for good; `error` is the last ProviderError (a timeout when the budget ran out). */
export class CallFailedError extends Error {
  override name = 'CallFailedError';
  readonly attempts: number;
  readonly error: ProviderError;
  constructor(error: ProviderError, attempts: number) {
    super(attempts > 1 ? `${error.message}, after ${attempts} attempts` : error.message, { cause: error });
    this.error = error;
    this.attempts = attempts;
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, or `budgetMs` runs out.
 *
 * @example
 * const { value } = await callWithinBudget(8_000, DEFAULT_RETRY, (signal) => client.complete({ ...request, signal }));
 */
export async function callWithinBudget<T>(
  budgetMs: number,
  options: RetryOptions,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<CallOutcome<T>> {
  const deadline = performance.now() + budgetMs;
  const remaining = () => deadline - performance.now();
  let attempts = 0;
  let last: ProviderError | undefined;
  const retries = retry(
    handleWhen((error) => error instanceof ProviderError && error.retryable && (error.retryAfterMs ?? 0) < remaining()),
    {
      maxAttempts: options.maxRetries,
      backoff: new RetryAfterBackoff(
        new ExponentialBackoff({
          generator: decorrelatedJitterGenerator,
          initialDelay: options.initialDelayMs,
          maxDelay: options.maxDelayMs,
        }),
      ),
    },
  );
  const policy = wrap(timeout(budgetMs, TimeoutStrategy.Aggressive), retries);
  try {
    const value = await policy.execute(async ({ signal }) => {
      // A retry that wakes after the budget ran out does not start another request.
      if (signal.aborted) throw new ProviderError(`timed out after ${budgetMs} ms`, { kind: 'timeout' });
      attempts += 1;
      try {
        return await attempt(signal);
      } catch (error: unknown) {
        if (error instanceof ProviderError) last = error;
        throw error;
      }
    });
    return { value, attempts };
  } catch (error: unknown) {
    if (error instanceof TaskCancelledError) {
      const earlier = last === undefined || last.kind === 'timeout' ? '' : ` (earlier: ${last.message})`;
      throw new CallFailedError(
        new ProviderError(`timed out after ${budgetMs} ms${earlier}`, { kind: 'timeout' }, { cause: error }),
        attempts,
      );
    }
    if (error instanceof ProviderError) throw new CallFailedError(error, attempts);
    throw error;
  }
}

type BackoffContext = IRetryBackoffContext<unknown>;

/** Waits at least as long as the provider's Retry-After asked for. */
class RetryAfterBackoff implements IBackoff<BackoffContext> {
  readonly duration: number;
  readonly #inner: IBackoffFactory<BackoffContext>;

  constructor(inner: IBackoffFactory<BackoffContext>, duration = 0) {
    this.#inner = inner;
    this.duration = duration;
  }

  next(context: BackoffContext): IBackoff<BackoffContext> {
    const inner = this.#inner.next(context);
    const asked = 'error' in context.result && context.result.error instanceof ProviderError ? (context.result.error.retryAfterMs ?? 0) : 0;
    return new RetryAfterBackoff(inner, Math.max(inner.duration, asked));
  }
}
