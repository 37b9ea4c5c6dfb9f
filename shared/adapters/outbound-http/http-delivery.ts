/**
 * How executors and notifications reach a target, on the one resilience stack
 * (resilient-call.ts): each attempt has its own timeout, transient failures (timeouts, network
 * errors, 408/425/429, 5xx) are retried with backoff, the whole delivery stays inside a budget,
 * and a target's circuit breaker (when given) refuses calls while the target keeps failing.
 * Failures come back as values (`{ ok: false, error }`), never as exceptions, except bugs.
 */
import type { CircuitBreakerPolicy } from 'cockatiel';
import { type RecordedResponse, recordResponse } from '../../domain/remediation/execution-outcome.ts';
import { EgressRefusedError } from './egress.ts';
import { type Fetch, type HttpAnswer, isRetryableStatus, sendHttp, TransportError } from './http-request.ts';
import { resilientCall } from './resilient-call.ts';

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

export type DeliveryFailureKind = 'status' | 'timeout' | 'network' | 'redirect' | 'invalid-response' | 'circuit-open' | 'egress';

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
  const { policy } = options;
  const outcome = await resilientCall(
    policy,
    {
      retryable: isTransientFailure,
      ...(options.breaker === undefined ? {} : { breaker: options.breaker }),
      attemptTimedOut: (ms, cause) => new DeliveryError(`timed out after ${ms} ms`, 'timeout', true, { cause }),
    },
    options.attempt,
  );
  const { attempts } = outcome;
  if (outcome.ok) return { ok: true, value: outcome.value, attempts };
  const last = outcome.last instanceof DeliveryError ? outcome.last : undefined;
  switch (outcome.failure) {
    case 'circuit-open': {
      // Opened by this delivery's own failures: report the failure that opened it.
      const message = last === undefined ? 'circuit open' : `${last.message}; circuit open`;
      return {
        ok: false,
        attempts,
        error: new DeliveryError(message, 'circuit-open', false, { cause: outcome.error, response: last?.response }),
      };
    }
    case 'budget': {
      const earlier = last === undefined || last.kind === 'timeout' ? '' : ` (last: ${last.message})`;
      const error = new DeliveryError(`gave up: the ${policy.budgetMs} ms budget ran out${earlier}`, 'timeout', false, {
        cause: outcome.error,
        response: last?.response,
      });
      return { ok: false, attempts, error };
    }
    case 'error': {
      const error = outcome.error;
      if (!(error instanceof DeliveryError)) throw error;
      const suffix = attempts > 1 ? `, after ${attempts} attempts` : '';
      return {
        ok: false,
        attempts,
        error: new DeliveryError(`${error.message}${suffix}`, error.kind, error.retryable, { cause: error, response: error.response }),
      };
    }
  }
}

export interface HttpExchange {
  readonly status: number;
  /** The body as text, at most MAX_READ_BYTES. */
  readonly body: string;
}

/** How much of a response is read at all. */
export const MAX_READ_BYTES = 64 * 1024;

export type { Fetch };

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
  let answer: HttpAnswer;
  try {
    answer = await sendHttp({ url, method: 'POST', headers, body, signal, maxBytes: MAX_READ_BYTES, fetch: fetchFn });
  } catch (error: unknown) {
    // The policy's refusal is final: no retry, and it does not count against the target's breaker.
    if (error instanceof EgressRefusedError) throw new DeliveryError(error.message, 'egress', false, { cause: error });
    if (!(error instanceof TransportError)) throw error;
    const reading = error.status === undefined ? '' : ` reading the ${error.status} answer`;
    throw new DeliveryError(`network error${reading}: ${error.message}`, 'network', true, { cause: error });
  }
  const exchange: HttpExchange = { status: answer.status, body: answer.text };
  if (answer.status >= 200 && answer.status < 300) return exchange;
  const recorded = recordResponse(answer.status, answer.text, answer.truncated);
  if (answer.status >= 300 && answer.status < 400) {
    throw new DeliveryError(`answered ${answer.status}: redirects are not followed`, 'redirect', false, { response: recorded });
  }
  throw new DeliveryError(`answered ${answer.status}`, 'status', isRetryableStatus(answer.status), { response: recorded });
}
