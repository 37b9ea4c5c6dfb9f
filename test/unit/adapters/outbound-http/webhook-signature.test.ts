import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookSignatureHeaders,
} from '../../../../shared/adapters/executors/webhook-executor.ts';

const SECRET = 'whsec_test_5e1f0c2a';
const NOW_MS = 1_736_500_000_000;
const NOW_S = NOW_MS / 1000;
const BODY = JSON.stringify({ type: 'alertgate.remediation', deliveryId: 'd-1', payload: { replicas: 3 } });

describe('signing a webhook', () => {
  it('sends the unix-seconds timestamp and a v1 hex HMAC-SHA256 over "<timestamp>.<body>"', () => {
    const headers = webhookSignatureHeaders(SECRET, BODY, NOW_MS);

    expect(headers[TIMESTAMP_HEADER]).toBe(String(NOW_S));
    expect(headers[SIGNATURE_HEADER]).toMatch(/^v1=[0-9a-f]{64}$/);
    // Computed independently: printf '%s' "1736500000.$BODY" | openssl dgst -sha256 -hmac "$SECRET"
    expect(headers[SIGNATURE_HEADER]).toBe('v1=7a38dbb49b2ebf5b763091326d645932eafafb255ed69b94ba182e81f22d9542');
  });

  it('verifies what it signed', () => {
    const headers = webhookSignatureHeaders(SECRET, BODY, NOW_MS);

    expect(verifyWebhookSignature(SECRET, headers[TIMESTAMP_HEADER], BODY, headers[SIGNATURE_HEADER], 300, NOW_MS)).toBe(true);
  });

  it('verifies the raw bytes received, even bytes that are not valid UTF-8', () => {
    const raw = Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]);
    const signature = signWebhookBody(SECRET, NOW_S, raw);

    expect(verifyWebhookSignature(SECRET, NOW_S, raw, signature, 300, NOW_MS)).toBe(true);
    expect(verifyWebhookSignature(SECRET, NOW_S, Uint8Array.from([0x7b, 0xff, 0xfd, 0x7d]), signature, 300, NOW_MS)).toBe(false);
  });
});

describe('verifying a webhook signature', () => {
  const headers = webhookSignatureHeaders(SECRET, BODY, NOW_MS);
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];

  it('rejects a body changed after signing', () => {
    expect(verifyWebhookSignature(SECRET, timestamp, BODY.replace('3', '30'), signature, 300, NOW_MS)).toBe(false);
  });

  it('rejects a timestamp changed after signing', () => {
    expect(verifyWebhookSignature(SECRET, String(NOW_S + 1), BODY, signature, 300, NOW_MS)).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyWebhookSignature('another-secret', timestamp, BODY, signature, 300, NOW_MS)).toBe(false);
  });

  it('rejects a replay older than the tolerance, and a timestamp too far in the future', () => {
    expect(verifyWebhookSignature(SECRET, timestamp, BODY, signature, 300, NOW_MS + 301_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, BODY, signature, 300, NOW_MS - 301_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, BODY, signature, 300, NOW_MS + 299_000)).toBe(true);
  });

  it('accepts any of several signatures, for receivers rotating secrets', () => {
    const old = signWebhookBody('old-secret', NOW_S, BODY);

    expect(verifyWebhookSignature(SECRET, timestamp, BODY, `${old}, ${signature}`, 300, NOW_MS)).toBe(true);
  });

  it('rejects missing, malformed or unversioned headers', () => {
    const hex = signature?.slice(3);
    expect(verifyWebhookSignature(SECRET, timestamp, BODY, undefined, 300, NOW_MS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, BODY, signature, 300, NOW_MS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, BODY, hex, 300, NOW_MS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, BODY, `v0=${hex}`, 300, NOW_MS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, `${timestamp}.5`, BODY, signature, 300, NOW_MS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '-1', BODY, signature, 300, NOW_MS)).toBe(false);
    expect(verifyWebhookSignature('', timestamp, BODY, signature, 300, NOW_MS)).toBe(false);
  });

  it('round-trips any body, and rejects any change to it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary', minLength: 1 }), (body, extra) => {
        const signed = webhookSignatureHeaders(SECRET, body, NOW_MS);
        const valid = verifyWebhookSignature(SECRET, signed[TIMESTAMP_HEADER], body, signed[SIGNATURE_HEADER], 300, NOW_MS);
        const tampered = verifyWebhookSignature(SECRET, signed[TIMESTAMP_HEADER], body + extra, signed[SIGNATURE_HEADER], 300, NOW_MS);
        return valid && !tampered;
      }),
    );
  });
});
