/**
 * The one outbound request. Every call alertgate makes to a tenant-configured URL (LLM
 * providers, executors, notifications) goes through here, with the fetch the composition module
 * built from the egress policy (egress.ts), so the rules hold for all of them: redirects are never
 * followed (a 3xx comes back as an answer, for the caller to refuse), at most `maxBytes` of a
 * body are read, and a destination the policy refuses throws EgressRefusedError. Transport
 * failures become TransportError, whose words name a code at most, never a URL, header or body.
 */
import { egressRefusalIn, type Fetch } from './egress.ts';

export type { Fetch };

export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** How much of the answer is read at all; the rest is never downloaded. */
  readonly maxBytes: number;
  /** egressFetch(rules) in production; there is deliberately no default. */
  readonly fetch: Fetch;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The body as UTF-8, at most `maxBytes`. */
  readonly text: string;
  readonly truncated: boolean;
}

/** No answer: the connection failed (or was reset while the answer was read). */
export class TransportError extends Error {
  override name = 'TransportError';
  /** The socket error's code (ECONNREFUSED, ENOTFOUND…), when it has a safe one. */
  readonly code: string | undefined;
  /** While reading the answer, after its status arrived. */
  readonly status: number | undefined;
  constructor(error: unknown, status?: number) {
    const code = transportCode(error);
    super(code ?? (error instanceof Error ? error.message.slice(0, 200) : 'unknown'), { cause: error });
    this.code = code;
    this.status = status;
  }
}

/** Statuses worth another attempt: the target is busy or briefly unwell. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

function transportCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && SAFE_CODE.test(code)) return code;
  }
  return undefined;
}

/** Throws what the signal's abort gave (the caller's timeout), else a TransportError. */
export async function sendHttp(request: HttpRequest): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await request.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: request.signal,
      redirect: 'manual',
    });
  } catch (error: unknown) {
    if (request.signal.aborted) throw error;
    throw egressRefusalIn(error) ?? new TransportError(error);
  }
  try {
    const { text, truncated } = await readBodyUpTo(response, request.maxBytes);
    return { status: response.status, headers: response.headers, text, truncated };
  } catch (error: unknown) {
    if (request.signal.aborted) throw error;
    throw new TransportError(error, response.status);
  }
}

/**
 * Reads a response body as UTF-8, at most `limit` bytes: what lies beyond is not read at all
 * (the stream is cancelled), so a runaway answer costs no more than the limit.
 */
export async function readBodyUpTo(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { text: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), truncated: true };
    }
  }
}
