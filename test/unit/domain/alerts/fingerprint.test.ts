import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertmanagerFingerprint } from '../../../../shared/domain/alerts/fingerprint.ts';
import { fixture } from '../../../helpers/events.ts';

interface Vectors {
  vectors: { labels: Record<string, string>; fingerprint: string }[];
}

/** The documented algorithm, written the slow obvious way with BigInt, as an independent reference. */
function referenceFingerprint(labels: Record<string, string>): string {
  const mask = (1n << 64n) - 1n;
  let hash = 0xcbf29ce484222325n;
  const add = (bytes: Uint8Array) => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & mask;
  };
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    add(Buffer.from(name));
    add(Uint8Array.of(0xff));
    add(Buffer.from(labels[name] ?? ''));
    add(Uint8Array.of(0xff));
  }
  return hash.toString(16).padStart(16, '0');
}

describe('alertmanagerFingerprint', () => {
  const { vectors } = fixture<Vectors>('alertmanager-fingerprints.json');

  it.each(vectors.map((vector) => [vector.fingerprint, vector.labels] as const))(
    'gives %s, the fingerprint a real Alertmanager gave the same labels',
    (fingerprint, labels) => {
      expect(alertmanagerFingerprint(labels)).toBe(fingerprint);
    },
  );

  it('gives the FNV-1a offset basis for an empty label set', () => {
    expect(alertmanagerFingerprint({})).toBe('cbf29ce484222325');
  });

  it('agrees with a BigInt reference implementation on arbitrary label sets', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), { maxKeys: 20 }), (labels) => {
        expect(alertmanagerFingerprint(labels)).toBe(referenceFingerprint(labels));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order labels arrive in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string(), fc.string()), { selector: ([name]) => name, maxLength: 12 }), (pairs) => {
        const forward = Object.fromEntries(pairs);
        const backward = Object.fromEntries([...pairs].reverse());
        expect(alertmanagerFingerprint(backward)).toBe(alertmanagerFingerprint(forward));
      }),
    );
  });

  it('tells apart label sets that concatenate to the same text', () => {
    expect(alertmanagerFingerprint({ a: 'bc' })).not.toBe(alertmanagerFingerprint({ ab: 'c' }));
  });
});
