/**
 * Random single-use codes (a live ticket, a Slack link code): 256 bits, URL-safe, and kept only
 * as their SHA-256, so a leaked table holds nothing that can be presented.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newCode(): string {
  return randomBytes(32).toString('base64url');
}

export function codeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
