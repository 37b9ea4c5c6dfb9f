/**
 * Signed checkpoints of a tenant's chain head. Once old entries expire, verification starts from
 * the oldest retained checkpoint; the HMAC proves the service (holder of the key) wrote it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from './canonical-json.ts';

/** HMAC-SHA256 keys shorter than its output are refused. */
export const MIN_CHECKPOINT_KEY_BYTES = 32;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');

/** A checkpoint as stored or handed to an auditor; seq 0 with the genesis hash is an empty chain. */
export const checkpointSchema = z.strictObject({
  tenant: z.string().min(1).max(64),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  hash: sha256Hex,
  /** ISO 8601, UTC. */
  time: z.string().min(1).max(64),
  /** HMAC-SHA256 (lowercase hex) over the canonical JSON of the other four fields. */
  signature: z.string().max(128),
});

export type Checkpoint = z.output<typeof checkpointSchema>;
export type UnsignedCheckpoint = Omit<Checkpoint, 'signature'>;
/** The HMAC key: a string (taken as UTF-8) or bytes, at least 32 bytes long. */
export type CheckpointKey = string | Uint8Array;

/**
 * The checkpoint with its signature.
 *
 * @throws RangeError when the key is shorter than {@link MIN_CHECKPOINT_KEY_BYTES}.
 * @example signCheckpoint({ tenant: 'acme', seq: 42, hash: head.hash, time: new Date().toISOString() }, key)
 */
export function signCheckpoint(checkpoint: UnsignedCheckpoint, key: CheckpointKey): Checkpoint {
  const { tenant, seq, hash, time } = checkpoint;
  return { tenant, seq, hash, time, signature: signatureOf(checkpoint, key) };
}

/**
 * Whether the signature matches the checkpoint under this key, compared in constant time.
 *
 * @throws RangeError when the key is shorter than {@link MIN_CHECKPOINT_KEY_BYTES}: a configuration error, not a forgery.
 */
export function checkpointValid(checkpoint: Checkpoint, key: CheckpointKey): boolean {
  if (!/^[0-9a-f]{64}$/.test(checkpoint.signature)) return false;
  return timingSafeEqual(Buffer.from(signatureOf(checkpoint, key), 'hex'), Buffer.from(checkpoint.signature, 'hex'));
}

function signatureOf({ tenant, seq, hash, time }: UnsignedCheckpoint, key: CheckpointKey): string {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (keyBytes.byteLength < MIN_CHECKPOINT_KEY_BYTES) {
    throw new RangeError(`the checkpoint key must be at least ${MIN_CHECKPOINT_KEY_BYTES} bytes, got ${keyBytes.byteLength}`);
  }
  return createHmac('sha256', keyBytes).update(canonicalJson({ tenant, seq, hash, time })).digest('hex');
}
