/**
 * The HTTP exchange the OpenAI-compatible and Anthropic adapters share: POST a JSON body with
 * global fetch, read at most 1 MiB of answer, and turn every failure into a ProviderError whose
 * message carries the status and the provider's error code, never a body or a header.
 */
import type * as z from 'zod';
import { readBodyUpTo } from '../outbound-http/read-body.ts';
import { ProviderError, providerErrorForStatus, providerErrorForTransport } from './llm-client.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export interface JsonPost<T> {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly signal: AbortSignal;
  /** The provider's success body. */
  readonly schema: z.ZodType<T>;
  /** Where the provider puts its error code in an error body, e.g. `{ error: { type } }`. */
  readonly errorCode: (body: unknown) => unknown;
  /** Names the wire format in the error a malformed answer raises. */
  readonly format: string;
}

export async function postJson<T>(request: JsonPost<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal: request.signal,
      redirect: 'error',
    });
  } catch (error: unknown) {
    throw providerErrorForTransport(error, request.signal);
  }
  let text: string;
  try {
    text = await readCapped(response, MAX_BODY_BYTES);
  } catch (error: unknown) {
    if (error instanceof ProviderError) throw error;
    throw providerErrorForTransport(error, request.signal);
  }
  const body = parseJson(text);
  if (!response.ok) {
    throw providerErrorForStatus(response.status, {
      code: safeCode(request.errorCode, body),
      retryAfter: response.headers.get('retry-after'),
    });
  }
  const parsed = request.schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError(`${response.status} answer is not a ${request.format} response`, {
      kind: 'invalid-response',
      status: response.status,
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

/** Reads the body as UTF-8, refusing more than `limit` bytes (a runaway answer is a broken provider). */
async function readCapped(response: Response, limit: number): Promise<string> {
  const { text, truncated } = await readBodyUpTo(response, limit);
  if (truncated) {
    throw new ProviderError(`${response.status} answer larger than ${limit} bytes`, { kind: 'invalid-response', status: response.status });
  }
  return text;
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
