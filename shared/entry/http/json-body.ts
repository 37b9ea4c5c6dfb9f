/** Reads a JSON request body with the limits and errors every webhook sender gets. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../domain/errors.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Deeper than any document alertgate reads (a tenant config nests about 8 levels). */
export const MAX_JSON_DEPTH = 64;

const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function wellFormed(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value);
  if (entries.every(([key]) => key.isWellFormed())) return value;
  // Object.fromEntries keeps a "__proto__" key an ordinary own property.
  return Object.fromEntries(entries.map(([key, item]) => [key.toWellFormed(), item]));
}

/**
 * How deeply a JSON text nests, by one linear scan that skips strings. Checked before JSON.parse,
 * whose reviver recurses and would overflow the stack on a deep enough document.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/** The body as the sender sent it, as text (what a signature is computed over), within the size limit. */
export function rawBodyText(event: APIGatewayProxyEventV2, maxBytes: number = MAX_BODY_BYTES): string {
  if (typeof event.body !== 'string') return '';
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > maxBytes)
    throw new PayloadTooLargeError(`The body is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes (1 MiB)`);
  return bytes.toString('utf8');
}

export function readJsonBody(event: APIGatewayProxyEventV2, maxBytes: number = MAX_BODY_BYTES): unknown {
  // serverless offline hands a body of `null` over as null, not as the string "null".
  if (typeof event.body !== 'string' || event.body === '') throw new BadRequestError('The request has no body; send a JSON document');
  const mediaType = (header(event, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new UnsupportedMediaTypeError(
      `Content-Type must be application/json, got ${mediaType === '' ? 'none' : JSON.stringify(mediaType.slice(0, 100))}`,
    );
  }
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new PayloadTooLargeError(`The body is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes (1 MiB)`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new BadRequestError('The body is not valid UTF-8');
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    const detail = `nests deeper than ${MAX_JSON_DEPTH} levels`;
    throw new ValidationError(`The body ${detail}`, [{ field: '(body)', message: detail }]);
  }
  try {
    // Escaped lone surrogates (e.g. "\ud800") parse into strings no canonical form can hold:
    // they become U+FFFD here, once, so nothing downstream (hashing, DynamoDB) meets them.
    return JSON.parse(text, wellFormed);
  } catch (error: unknown) {
    const reason = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new BadRequestError(`The body is not valid JSON: ${reason.slice(0, 200)}`);
  }
}
