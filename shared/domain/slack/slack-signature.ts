/**
 * Slack's request signing (v0): HMAC-SHA256 with the app's signing secret over
 * `v0:{X-Slack-Request-Timestamp}:{raw body}`, hex, prefixed `v0=`, in X-Slack-Signature.
 * Compared in constant time; a timestamp more than five minutes from now is refused, so a
 * captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export type SignatureVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function verifySlackSignature(request: {
  readonly signingSecret: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly rawBody: string;
  readonly nowSeconds: number;
}): SignatureVerdict {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'the request is not signed' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'the timestamp is not a number of seconds' };
  if (Math.abs(request.nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'the timestamp is more than 5 minutes from now' };
  }
  const expected = Buffer.from(slackSignature(request.signingSecret, timestamp, request.rawBody));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a length mismatch says nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'the signature does not match' };
  return { ok: true };
}
