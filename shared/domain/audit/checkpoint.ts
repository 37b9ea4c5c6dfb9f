/**
 * Signed checkpoints of a tenant's chain head, with Ed25519: only the checkpoint writer holds the
 * private key; anyone can verify with the public key, which the API publishes
 * (`GET /v1/audit/public-key`) and an auditor keeps. Whoever can read or write the audit table,
 * or run the verifier, still cannot sign a checkpoint for a rewritten chain.
 *
 * The signature covers the canonical JSON (RFC 8785) of tenant, seq, hash, time and keyId.
 * `keyId` is the RFC 7638 thumbprint of the public key, so keys can be rotated and old
 * checkpoints still verify against the key that signed them.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from './canonical-json.ts';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');

/** A checkpoint as archived or handed to an auditor; seq 0 with the genesis hash is an empty chain. */
export const checkpointSchema = z.strictObject({
  tenant: z.string().min(1).max(64),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  hash: sha256Hex,
  /** ISO 8601, UTC. */
  time: z.iso.datetime(),
  /** The signing key's RFC 7638 thumbprint. */
  keyId: base64url.length(43),
  /** Ed25519 over the canonical JSON of the other five fields, base64url. */
  signature: base64url.length(86),
});

export type Checkpoint = z.output<typeof checkpointSchema>;
export type UnsignedCheckpoint = Omit<Checkpoint, 'signature' | 'keyId'>;

/** The public keys a verifier trusts, by key id. */
export type CheckpointKeys = ReadonlyMap<string, KeyObject>;

function signedBytes({ tenant, seq, hash, time, keyId }: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(canonicalJson({ tenant, seq, hash, time, keyId }), 'utf8');
}

function assertEd25519(key: KeyObject, type: 'private' | 'public'): void {
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== type) {
    throw new TypeError(`the checkpoint key must be an Ed25519 ${type} key, got ${key.asymmetricKeyType ?? key.type} ${key.type}`);
  }
}

/** RFC 7638 thumbprint of an Ed25519 public key: base64url SHA-256 of {"crv","kty","x"}. */
export function keyIdOf(publicKey: KeyObject): string {
  assertEd25519(publicKey, 'public');
  const jwk = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${jwk.x}"}`).digest('base64url');
}

/** @example signCheckpoint({ tenant: 'acme', seq: 42, hash: head.hash, time: new Date().toISOString() }, privateKey) */
export function signCheckpoint(checkpoint: UnsignedCheckpoint, privateKey: KeyObject): Checkpoint {
  assertEd25519(privateKey, 'private');
  const { tenant, seq, hash, time } = checkpoint;
  const keyId = keyIdOf(createPublicKey(privateKey));
  const signature = sign(null, signedBytes({ tenant, seq, hash, time, keyId }), privateKey).toString('base64url');
  return { tenant, seq, hash, time, keyId, signature };
}

/** Why the checkpoint's signature does not hold under these keys, or undefined when it does. */
export function checkpointRefusal(checkpoint: Checkpoint, keys: CheckpointKeys): string | undefined {
  const key = keys.get(checkpoint.keyId);
  if (key === undefined) return `it is signed by key ${checkpoint.keyId}, which is not a trusted checkpoint key`;
  const valid = verify(null, signedBytes(checkpoint), key, Buffer.from(checkpoint.signature, 'base64url'));
  return valid ? undefined : 'its signature does not verify (edited, or not signed by that key)';
}

/** The trusted public keys from a JWKS (`{"keys": [...]}`) or PEM text, by key id. */
export function checkpointKeysFrom(text: string): CheckpointKeys {
  const trimmed = text.trim();
  const keys = trimmed.startsWith('{')
    ? (JSON.parse(trimmed) as { keys?: unknown[] }).keys?.map((jwk) => createPublicKey({ key: jwk as never, format: 'jwk' }))
    : [createPublicKey(trimmed)];
  if (keys === undefined || keys.length === 0) throw new TypeError('no checkpoint public key found (a JWKS or a PEM public key)');
  return new Map(keys.map((key) => [keyIdOf(key), key]));
}

/** The public keys as a JWKS, as `GET /v1/audit/public-key` serves them. */
export function checkpointJwks(keys: CheckpointKeys) {
  return {
    keys: [...keys.entries()].map(([kid, key]) => ({ ...key.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' })),
  };
}
