import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkpointSchema, checkpointValid, signCheckpoint, type UnsignedCheckpoint } from '../../../../shared/domain/audit/checkpoint.ts';

const key = 'k'.repeat(32);
const unsigned: UnsignedCheckpoint = { tenant: 'acme', seq: 42, hash: 'a'.repeat(64), time: '2026-11-22T00:00:00.000Z' };

describe('signed checkpoints', () => {
  it('signs with HMAC-SHA256 over the canonical JSON of tenant, seq, hash and time', () => {
    const canonical = `{"hash":"${'a'.repeat(64)}","seq":42,"tenant":"acme","time":"2026-11-22T00:00:00.000Z"}`;
    expect(signCheckpoint(unsigned, key)).toEqual({ ...unsigned, signature: createHmac('sha256', key).update(canonical).digest('hex') });
  });

  it('validates its own signature under the same key, as string or bytes', () => {
    const checkpoint = signCheckpoint(unsigned, key);
    expect(checkpointValid(checkpoint, key)).toBe(true);
    expect(checkpointValid(checkpoint, Buffer.from(key))).toBe(true);
  });

  it('refuses a checkpoint with any field changed', () => {
    const checkpoint = signCheckpoint(unsigned, key);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 64 }).map((tenant) => ({ tenant })),
          fc.nat().map((seq) => ({ seq })),
          fc.stringMatching(/^[0-9a-f]{64}$/).map((hash) => ({ hash })),
          fc.string({ maxLength: 30 }).map((time) => ({ time })),
        ),
        (change) => {
          const changed = { ...checkpoint, ...change };
          fc.pre(JSON.stringify(changed) !== JSON.stringify(checkpoint));
          expect(checkpointValid(changed, key)).toBe(false);
        },
      ),
    );
  });

  it('refuses a checkpoint signed with another key', () => {
    expect(checkpointValid(signCheckpoint(unsigned, 'x'.repeat(32)), key)).toBe(false);
  });

  it.each([
    ['short', 'abc'],
    ['uppercase', 'A'.repeat(64)],
    ['not hex', 'z'.repeat(64)],
    ['empty', ''],
  ])('answers false, without throwing, for a %s signature', (_, signature) => {
    expect(checkpointValid({ ...unsigned, signature }, key)).toBe(false);
  });

  it('refuses a key shorter than 32 bytes, as a configuration error', () => {
    expect(() => signCheckpoint(unsigned, 'short')).toThrow(RangeError);
    expect(() => checkpointValid(signCheckpoint(unsigned, key), 'short')).toThrow(RangeError);
  });

  it('ignores any other field handed to signCheckpoint, such as an old signature', () => {
    const resigned = signCheckpoint({ ...signCheckpoint(unsigned, 'x'.repeat(32)) }, key);
    expect(checkpointValid(resigned, key)).toBe(true);
  });

  it('parses a checkpoint file strictly', () => {
    const checkpoint = signCheckpoint(unsigned, key);
    expect(checkpointSchema.parse(JSON.parse(JSON.stringify(checkpoint)))).toEqual(checkpoint);
    expect(checkpointSchema.safeParse({ ...checkpoint, keyId: 'k1' }).success).toBe(false);
    expect(checkpointSchema.safeParse({ ...checkpoint, seq: '42' }).success).toBe(false);
  });
});
