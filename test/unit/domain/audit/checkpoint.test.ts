import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/domain/audit/canonical-json.ts';
import {
  checkpointJwks,
  checkpointKeysFrom,
  checkpointRefusal,
  checkpointSchema,
  keyIdOf,
  signCheckpoint,
  type UnsignedCheckpoint,
} from '../../../../shared/domain/audit/checkpoint.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const keys = new Map([[keyIdOf(publicKey), publicKey]]);
const unsigned: UnsignedCheckpoint = { tenant: 'acme', seq: 42, hash: 'a'.repeat(64), time: '2026-11-22T00:00:00.000Z' };

describe('signed checkpoints', () => {
  it('sign with Ed25519 over the canonical JSON of tenant, seq, hash, time and key id', () => {
    const checkpoint = signCheckpoint(unsigned, privateKey);
    const { signature, ...signed } = checkpoint;
    expect(signed).toEqual({ ...unsigned, keyId: keyIdOf(publicKey) });
    expect(verify(null, Buffer.from(canonicalJson(signed)), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(checkpointRefusal(checkpoint, keys)).toBeUndefined();
  });

  it('name their key by its RFC 7638 thumbprint', () => {
    // The thumbprint of RFC 8037's example Ed25519 key (appendix A.3).
    const example = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
      format: 'jwk',
    });
    expect(keyIdOf(example)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('are refused with any field changed', () => {
    const checkpoint = signCheckpoint(unsigned, privateKey);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 64 }).map((tenant) => ({ tenant })),
          fc.nat().map((seq) => ({ seq })),
          fc.stringMatching(/^[0-9a-f]{64}$/).map((hash) => ({ hash })),
          fc.date({ noInvalidDate: true }).map((time) => ({ time: time.toISOString() })),
        ),
        (change) => {
          const changed = { ...checkpoint, ...change };
          fc.pre(JSON.stringify(changed) !== JSON.stringify(checkpoint));
          expect(checkpointRefusal(changed, keys)).toMatch(/does not verify/);
        },
      ),
    );
  });

  it('are refused when signed by a key the verifier does not trust, whatever key id they claim', () => {
    const forged = signCheckpoint(unsigned, other.privateKey);
    expect(checkpointRefusal(forged, keys)).toMatch(/not a trusted checkpoint key/);
    expect(checkpointRefusal({ ...forged, keyId: keyIdOf(publicKey) }, keys)).toMatch(/does not verify/);
  });

  it('cannot be signed with a public key, or another kind of key', () => {
    expect(() => signCheckpoint(unsigned, publicKey)).toThrow(/Ed25519 private key/);
    expect(() => signCheckpoint(unsigned, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/Ed25519/);
  });

  it('verify against keys read back from the published JWKS, or from PEM', () => {
    const checkpoint = signCheckpoint(unsigned, privateKey);
    const fromJwks = checkpointKeysFrom(JSON.stringify(checkpointJwks(keys)));
    const fromPem = checkpointKeysFrom(publicKey.export({ format: 'pem', type: 'spki' }).toString());
    expect(checkpointRefusal(checkpoint, fromJwks)).toBeUndefined();
    expect(checkpointRefusal(checkpoint, fromPem)).toBeUndefined();
    expect(checkpointJwks(keys).keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: keyIdOf(publicKey) });
    expect(JSON.stringify(checkpointJwks(keys))).not.toContain('"d"');
  });

  it('parse strictly', () => {
    const checkpoint = signCheckpoint(unsigned, privateKey);
    expect(checkpointSchema.parse(JSON.parse(JSON.stringify(checkpoint)))).toEqual(checkpoint);
    expect(checkpointSchema.safeParse({ ...checkpoint, keyId: 'k1' }).success).toBe(false);
    expect(checkpointSchema.safeParse({ ...checkpoint, seq: '42' }).success).toBe(false);
    expect(checkpointSchema.safeParse({ ...checkpoint, extra: 1 }).success).toBe(false);
  });
});
