/**
 * How one provider call is made resilient (outbound-http/resilient-call.ts): the provider's
 * `timeoutMs` is the budget for the whole call, retries included; retryable ProviderErrors
 * (429, 5xx, timeouts, network) are retried at most twice, waiting at least the Retry-After the
 * provider sent, and only while the budget can still cover the wait.
 */
import { resilientCall } from '../outbound-http/resilient-call.ts';
import { ProviderError } from './llm-client.ts';

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
  const outcome = await resilientCall(
    { budgetMs, ...options },
    {
      retryable: (error, remainingMs) => error instanceof ProviderError && error.retryable && (error.retryAfterMs ?? 0) < remainingMs,
      retryAfterMs: (error) => (error instanceof ProviderError ? error.retryAfterMs : undefined),
    },
    attempt,
  );
  if (outcome.ok) return { value: outcome.value, attempts: outcome.attempts };
  if (outcome.failure === 'budget') {
    const { last } = outcome;
    const earlier = last instanceof ProviderError && last.kind !== 'timeout' ? ` (earlier: ${last.message})` : '';
    throw new CallFailedError(
      new ProviderError(`timed out after ${budgetMs} ms${earlier}`, { kind: 'timeout' }, { cause: outcome.error }),
      outcome.attempts,
    );
  }
  if (outcome.error instanceof ProviderError) throw new CallFailedError(outcome.error, outcome.attempts);
  throw outcome.error;
}
