/**
 * Integration keys: `agk_<id>_<secret>`. The id finds the record; only a SHA-256 of the
 * 256-bit random secret is stored (a slow hash adds nothing for secrets this long).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const FORMAT = /^agk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  readonly keyId: string;
  /** Shown once, to the admin who created it. */
  readonly key: string;
  readonly secretHash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function issueIntegrationKey(): IssuedKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, key: `agk_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function looksLikeIntegrationKey(value: string): boolean {
  return value.startsWith('agk_');
}

export function parseIntegrationKey(value: string): { keyId: string; secret: string } | undefined {
  const match = FORMAT.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { keyId: match[1], secret: match[2] };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
