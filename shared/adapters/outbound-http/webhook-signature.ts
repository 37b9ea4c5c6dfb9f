/**
 * How alertgate signs the webhooks it sends (remediation webhooks and generic notification
 * webhooks), and how a receiver checks them:
 *
 *   X-Alertgate-Timestamp: <unix seconds>
 *   X-Alertgate-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The timestamp is signed with the body, so a captured request cannot be replayed once it falls
 * outside the receiver's tolerance. The header may list several `v1=` values separated by commas
 * (a receiver rotating secrets accepts any that matches).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Alertgate-Timestamp';
export const SIGNATURE_HEADER = 'X-Alertgate-Signature';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

const SCHEME = 'v1';

/** The signature header value for `body` sent at `timestamp` (unix seconds). */
export function signWebhookBody(secret: string, timestamp: number, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8');
  // Raw bytes are signed as they are: decoding and re-encoding would change invalid UTF-8.
  if (typeof body === 'string') hmac.update(body, 'utf8');
  else hmac.update(body);
  return `${SCHEME}=${hmac.digest('hex')}`;
}

/** Both signing headers, for a body sent now. */
export function webhookSignatureHeaders(secret: string, body: string, nowMs: number = Date.now()): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhookBody(secret, timestamp, body) };
}

/**
 * True when `header` holds a valid signature of `body` at `timestamp` and the timestamp is within
 * `toleranceSeconds` of now. `body` must be the raw bytes received, not re-serialized JSON.
 *
 * @example
 * const ok = verifyWebhookSignature(secret, req.headers['x-alertgate-timestamp'], rawBody, req.headers['x-alertgate-signature'], 300);
 * if (!ok) return reply(401);
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  body: string | Uint8Array,
  header: string | undefined,
  toleranceSeconds: number = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  nowMs: number = Date.now(),
): boolean {
  if (secret === '' || header === undefined || timestamp === undefined) return false;
  const timestampText = String(timestamp);
  if (!/^\d{1,12}$/.test(timestampText)) return false;
  const seconds = Number(timestampText);
  if (Math.abs(nowMs / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookBody(secret, seconds, body), 'utf8');
  let matched = false;
  for (const candidate of header.split(',')) {
    const given = Buffer.from(candidate.trim(), 'utf8');
    // Every candidate is compared, so the time taken does not tell which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}
