/** RFC 8785 (JCS) canonical JSON: the one serialization the audit chain hashes, signs and exports. */
import canonicalize from 'canonicalize';

/**
 * The RFC 8785 canonical JSON text of a value: object keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number formatting, minimal string escaping.
 *
 * @throws TypeError when the value has no JSON form (`undefined`, a function), or holds NaN,
 * Infinity, a BigInt, a lone surrogate or a cycle.
 * @example canonicalJson({ b: 1, a: 'x' }) // '{"a":"x","b":1}'
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error: unknown) {
    throw new TypeError(`value is not representable as canonical JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
