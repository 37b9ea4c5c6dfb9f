import { createHash } from 'node:crypto';
import type { Source } from './alert.ts';

/**
 * The stored id of an alert: derived from its source and the source's own identity, so the
 * same alert always lands on the same record, and ids are URL-safe whatever the dedup_key held.
 */
export function alertIdFor(source: Source, fingerprint: string): string {
  return createHash('sha256').update(source).update('\0').update(fingerprint).digest('hex').slice(0, 32);
}
