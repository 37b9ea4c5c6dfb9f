/**
 * Reading a DynamoDB item goes through its zod schema and fails closed: a corrupt or foreign
 * item is an error (logged, a 500 to the caller), never a default that happens to mean
 * "pending", "high risk" or "allowed".
 */
import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import * as z from 'zod';

export class CorruptItemError extends Error {
  override name = 'CorruptItemError';
}

export function decodeItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>, what: string): z.output<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`);
  throw new CorruptItemError(`A stored ${what} does not read back: ${fields.join('; ')}`);
}

/** An attribute holding JSON text, decoded and checked by `schema`. */
export function jsonText<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * An attribute holding JSON compressed with Brotli (binary). For items that are mostly counters
 * and names: DynamoDB bills writes per KB of item, and such JSON shrinks to a fifth or less.
 */
export function compressedJson<S extends z.ZodType>(schema: S) {
  return z
    .instanceof(Uint8Array)
    .transform((bytes, ctx) => {
      try {
        return JSON.parse(brotliDecompressSync(bytes).toString('utf8')) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not compressed JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * Brotli's quality: 5 takes about 0.05 ms for an alert's body and leaves it some 6 % larger than
 * the default 11, which takes 1.6 ms: every write of an alert compresses one.
 */
const QUALITY = 5;

/** `value` as compressedJson reads it. */
export function compressJson(value: unknown): Uint8Array {
  const text = Buffer.from(JSON.stringify(value));
  return brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
    },
  });
}

/**
 * An attribute holding JSON deflated against a preset dictionary (binary). For small items whose
 * shape repeats from item to item: the dictionary supplies what one item is too short to repeat.
 */
export function deflatedJson<S extends z.ZodType>(schema: S, dictionary: Buffer) {
  return z
    .instanceof(Uint8Array)
    .transform((bytes, ctx) => {
      try {
        return JSON.parse(inflateRawSync(bytes, { dictionary }).toString('utf8')) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not deflated JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** `value` as deflatedJson reads it with the same dictionary. */
export function deflateJson(value: unknown, dictionary: Buffer): Uint8Array {
  return deflateRawSync(Buffer.from(JSON.stringify(value)), { dictionary });
}
