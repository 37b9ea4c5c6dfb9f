/**
 * How executors and notifications reach a target, with cockatiel: each attempt has its own
 * timeout, transient failures (timeouts, network errors, 408/425/429, 5xx) are retried with
 * decorrelated-jitter exponential backoff, the whole delivery stays inside a budget, and a
 * target's circuit breaker (when given) refuses calls while the target keeps failing.
 * Failures come back as values (`{ ok: false, error }`), never as exceptions, except bugs.
 */
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  decorrelatedJitterGenerator,
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { type RecordedResponse, recordResponse } from '../../domain/remediation/execution-outcome.ts';
import { readBodyUpTo } from './read-body.ts';
import { TargetBreakers } from './target-breakers.ts';

export interface DeliveryPolicy {
  /** Time one attempt may take. */
  readonly attemptTimeoutMs: number;
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Time the whole delivery may take, retries and waits included. */
  readonly budgetMs: number;
}

/** Remediation: a few seconds per attempt, well inside the ExecuteAction task's timeout. */
export const EXECUTOR_DELIVERY: DeliveryPolicy = {
  attemptTimeoutMs: 5_000,
  maxRetries: 2,
  initialDelayMs: 200,
  maxDelayMs: 2_000,
  budgetMs: 20_000,
};

/** Notifications: small and bounded, they must never hold the workflow. */
export const NOTIFICATION_DELIVERY: DeliveryPolicy = {
  attemptTimeoutMs: 3_000,
  maxRetries: 2,
  initialDelayMs: 100,
  maxDelayMs: 500,
  budgetMs: 5_000,
};

export type DeliveryFailureKind = 'status' | 'timeout' | 'network' | 'redirect' | 'invalid-response' | 'circuit-open';

/** A failed attempt or delivery; its message names the status or cause, never a URL, header or secret. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly kind: DeliveryFailureKind;
  /** Worth another attempt, and a sign of the target's ill health (counted by its breaker). */
  readonly retryable: boolean;
  readonly response?: RecordedResponse;
  constructor(message: string, kind: DeliveryFailureKind, retryable: boolean, options?: ErrorOptions & { response?: RecordedResponse }) {
    super(message, options);
    this.kind = kind;
    this.retryable = retryable;
    this.response = options?.response;
  }
}

export function isTransientFailure(error: unknown): boolean {
  return error instanceof DeliveryError && error.retryable;
}

/** The breakers of every target in this container. */
export const defaultTargetBreakers = new TargetBreakers(isTransientFailure);

export type Delivery<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly error: DeliveryError; readonly attempts: number };

export interface DeliverOptions<T> {
  readonly policy: DeliveryPolicy;
  /** The target's breaker; absent, nothing is refused. */
  readonly breaker?: CircuitBreakerPolicy;
  /** One attempt; throws DeliveryError for what the target answered or failed to. */
  readonly attempt: (signal: AbortSignal) => Promise<T>;
}

/**
 * @example
 * const delivery = await deliver({ policy: EXECUTOR_DELIVERY, breaker, attempt: (signal) => postJson(fetch, url, headers, body, signal) });
 * if (!delivery.ok) return failed(delivery.error.message);
 */
export async function deliver<T>(options: DeliverOptions<T>): Promise<Delivery<T>> {
  const { policy, breaker } = options;
  let attempts = 0;
  let last: DeliveryError | undefined;
  const retries = retry(handleWhen(isTransientFailure), {
    maxAttempts: policy.maxRetries,
    backoff: new ExponentialBackoff({
      generator: decorrelatedJitterGenerator,
      initialDelay: policy.initialDelayMs,
      maxDelay: policy.maxDelayMs,
    }),
  });
  const perAttempt = timeout(policy.attemptTimeoutMs, TimeoutStrategy.Aggressive);

  const oneAttempt = async (signal: AbortSignal): Promise<T> => {
    // A retry that wakes after the budget ran out starts no request.
    if (signal.aborted) throw new DeliveryError(`gave up: the ${policy.budgetMs} ms budget ran out`, 'timeout', false);
    attempts += 1;
    try {
      return await perAttempt.execute(({ signal: attemptSignal }) => options.attempt(attemptSignal), signal);
    } catch (error: unknown) {
      if (error instanceof TaskCancelledError) {
        last = signal.aborted
          ? new DeliveryError(`gave up: the ${policy.budgetMs} ms budget ran out`, 'timeout', false, { cause: error })
          : new DeliveryError(`timed out after ${policy.attemptTimeoutMs} ms`, 'timeout', true, { cause: error });
        throw last;
      }
      if (error instanceof DeliveryError) last = error;
      throw error;
    }
  };

  try {
    const value = await wrap(timeout(policy.budgetMs, TimeoutStrategy.Aggressive), retries).execute(({ signal }) =>
      breaker === undefined ? oneAttempt(signal) : breaker.execute(() => oneAttempt(signal), signal),
    );
    return { ok: true, value, attempts };
  } catch (error: unknown) {
    if (error instanceof BrokenCircuitError) {
      // Opened by this delivery's own failures: report the failure that opened it.
      const message = last === undefined ? 'circuit open' : `${last.message}; circuit open`;
      return { ok: false, attempts, error: new DeliveryError(message, 'circuit-open', false, { cause: error, response: last?.response }) };
    }
    if (error instanceof TaskCancelledError) {
      const earlier = last === undefined || last.kind === 'timeout' ? '' : ` (last: ${last.message})`;
      return {
        ok: false,
        attempts,
        error: new DeliveryError(`gave up: the ${policy.budgetMs} ms budget ran out${earlier}`, 'timeout', false, {
          cause: error,
          response: last?.response,
        }),
      };
    }
    if (error instanceof DeliveryError) {
      const suffix = attempts > 1 ? `, after ${attempts} attempts` : '';
      return {
        ok: false,
        attempts,
        error: new DeliveryError(`${error.message}${suffix}`, error.kind, error.retryable, { cause: error, response: error.response }),
      };
    }
    throw error;
  }
}

export interface HttpExchange {
  readonly status: number;
  /** The body as text, at most MAX_READ_BYTES. */
  readonly body: string;
}

/** How much of a response is read at all. */
export const MAX_READ_BYTES = 64 * 1024;

export type Fetch = typeof fetch;

/**
 * POSTs `body` and reads the answer; a non-2xx answer throws DeliveryError with the response
 * recorded. Redirects are not followed: a signed request goes where it was configured to, or nowhere.
 */
export async function postBody(
  fetchFn: Fetch,
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  signal: AbortSignal,
): Promise<HttpExchange> {
  let response: Response;
  try {
    response = await fetchFn(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
  } catch (error: unknown) {
    if (signal.aborted) throw error;
    throw new DeliveryError(`network error: ${transportCause(error)}`, 'network', true, { cause: error });
  }
  let text: string;
  try {
    text = await readText(response, MAX_READ_BYTES);
  } catch (error: unknown) {
    if (signal.aborted) throw error;
    throw new DeliveryError(`network error reading the ${response.status} answer: ${transportCause(error)}`, 'network', true, {
      cause: error,
    });
  }
  const exchange: HttpExchange = { status: response.status, body: text };
  if (response.status >= 200 && response.status < 300) return exchange;
  const recorded = recordResponse(response.status, text);
  if (response.status >= 300 && response.status < 400) {
    throw new DeliveryError(`answered ${response.status}: redirects are not followed`, 'redirect', false, { response: recorded });
  }
  throw new DeliveryError(`answered ${response.status}`, 'status', isRetryableStatus(response.status), { response: recorded });
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** The transport error's code or message: names a host and port at most, never a path or query. */
function transportCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = Object.getOwnPropertyDescriptor(cause, 'code')?.value;
    return typeof code === 'string' ? code : cause.message.slice(0, 200);
  }
  return 'unknown';
}

/** Reads up to `limit` bytes as UTF-8 and drops the rest: an answer is kept for the record only. */
async function readText(response: Response, limit: number): Promise<string> {
  return (await readBodyUpTo(response, limit)).text;
}
