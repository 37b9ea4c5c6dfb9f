/**
 * The HTTP exchange the OpenAI-compatible and Anthropic adapters share: POST a JSON body through
 * the one outbound request (outbound-http/http-request.ts), read at most 1 MiB of answer, and turn
 * every failure into a ProviderError whose message carries the status and the provider's error
 * code, never a body or a header. A redirect is an answer like any other non-2xx: refused.
 */
import type * as z from 'zod';
import { type Fetch, type HttpAnswer, sendHttp } from '../outbound-http/http-request.ts';
import { ProviderError, providerErrorForStatus, providerErrorForTransport } from './llm-client.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export interface JsonPost<T> {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly signal: AbortSignal;
  /** The egress-guarded fetch. */
  readonly fetch: Fetch;
  /** The provider's success body. */
  readonly schema: z.ZodType<T>;
  /** Where the provider puts its error code in an error body, e.g. `{ error: { type } }`. */
  readonly errorCode: (body: unknown) => unknown;
  /** Names the wire format in the error a malformed answer raises. */
  readonly format: string;
}

export async function postJson<T>(request: JsonPost<T>): Promise<T> {
  let answer: HttpAnswer;
  try {
    answer = await sendHttp({
      url: request.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal: request.signal,
      maxBytes: MAX_BODY_BYTES,
      fetch: request.fetch,
    });
  } catch (error: unknown) {
    throw providerErrorForTransport(error, request.signal);
  }
  if (answer.truncated) {
    throw new ProviderError(`${answer.status} answer larger than ${MAX_BODY_BYTES} bytes`, {
      kind: 'invalid-response',
      status: answer.status,
    });
  }
  const body = parseJson(answer.text);
  if (answer.status < 200 || answer.status >= 300) {
    throw providerErrorForStatus(answer.status, {
      code: safeCode(request.errorCode, body),
      retryAfter: answer.headers.get('retry-after'),
    });
  }
  const parsed = request.schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError(`${answer.status} answer is not a ${request.format} response`, {
      kind: 'invalid-response',
      status: answer.status,
    });
  }
  return parsed.data;
}

function safeCode(extract: (body: unknown) => unknown, body: unknown): unknown {
  try {
    return extract(body);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads `body.a.b…` without trusting the shape. */
export function pick(body: unknown, ...path: string[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    // An own data property only: no prototype lookups, no getters.
    current = Object.getOwnPropertyDescriptor(current, key)?.value;
  }
  return current;
}
