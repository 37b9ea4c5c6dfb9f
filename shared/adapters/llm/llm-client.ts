/**
 * The port every LLM provider adapter implements, and the one error they throw. Adapters speak a
 * provider's wire format and nothing else: retries, timeouts, the breaker and answer validation
 * live in the router step, so each adapter makes exactly one request per `complete` call.
 */
import { EgressRefusedError } from '../outbound-http/egress.ts';
import { TransportError } from '../outbound-http/http-request.ts';

export interface LlmRequest {
  readonly system: string;
  readonly user: string;
  readonly maxTokens: number;
  /** Aborted when the caller's time budget runs out; adapters pass it to their transport. */
  readonly signal: AbortSignal;
}

export interface LlmResponse {
  /** The model's text answer, unvalidated. */
  readonly text: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface LlmClient {
  complete(request: LlmRequest): Promise<LlmResponse>;
}

/**
 * What went wrong, in words an SRE reads in a decision's abstentions:
 * - `timeout`, `network`, `rate-limited`, `server`: the provider is unhealthy or busy; retryable.
 * - `auth`: the key is missing, wrong or lacks access (401/403); not retryable.
 * - `request`: the provider refused this request (other 4xx, e.g. content too long); not retryable.
 * - `invalid-response`: a 2xx whose body is not the provider's wire format; not retryable.
 * - `egress`: the egress policy refused the provider's address (`baseUrl`); not retryable.
 */
export type ProviderErrorKind = 'timeout' | 'network' | 'rate-limited' | 'server' | 'auth' | 'request' | 'invalid-response' | 'egress';

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['timeout', 'network', 'rate-limited', 'server']);

/**
 * A provider call that failed. The message is safe to log and to store on a decision: adapters
 * build it from the status and the provider's error code only, never from request headers or
 * free-text bodies (which can echo a masked key back).
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  /** From a `Retry-After` header, when the provider sent one. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: { kind: ProviderErrorKind; status?: number; retryAfterMs?: number }, options?: ErrorOptions) {
    super(message, options);
    this.kind = details.kind;
    this.retryable = RETRYABLE.has(details.kind);
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Maps an HTTP status to the error kind; 2xx/3xx never reach here. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate-limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  if (status === 401 || status === 403) return 'auth';
  return 'request';
}

const STATUS_WORDS: Readonly<Record<ProviderErrorKind, string>> = {
  'rate-limited': 'rate limited',
  timeout: 'request timeout',
  server: 'server error',
  auth: 'unauthorized (check the provider API key and its access)',
  request: 'request refused',
  network: 'network error',
  'invalid-response': 'invalid response',
  egress: 'egress refused',
};

/** Provider error codes are short snake_case identifiers; anything else is not echoed. */
const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * Builds the error for a non-2xx answer, e.g. `429 rate limited (rate_limit_error)`.
 *
 * @example
 * throw providerErrorForStatus(503, { code: 'overloaded_error', retryAfter: '2' });
 */
export function providerErrorForStatus(status: number, extra: { code?: unknown; retryAfter?: string | null } = {}): ProviderError {
  const kind = kindForStatus(status);
  const code = typeof extra.code === 'string' && SAFE_CODE.test(extra.code) ? ` (${extra.code})` : '';
  return new ProviderError(`${status} ${STATUS_WORDS[kind]}${code}`, { kind, status, retryAfterMs: parseRetryAfter(extra.retryAfter) });
}

/** `Retry-After` is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A transport failure (DNS, refused connection, reset, abort) as a ProviderError. */
export function providerErrorForTransport(error: unknown, signal: AbortSignal): ProviderError {
  if (signal.aborted) return new ProviderError('request aborted (time budget exhausted)', { kind: 'timeout' }, { cause: error });
  if (error instanceof EgressRefusedError) return new ProviderError(error.message, { kind: 'egress' }, { cause: error });
  const code = error instanceof TransportError ? error.code : undefined;
  return new ProviderError(`network error${code === undefined ? '' : ` (${code})`}`, { kind: 'network' }, { cause: error });
}
