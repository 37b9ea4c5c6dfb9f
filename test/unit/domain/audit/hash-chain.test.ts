import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { appendEntry, entryHash, follows, GENESIS_HASH } from '../../../../shared/domain/audit/hash-chain.ts';

const event: AuditEvent = {
  eventId: 'a1:1:received',
  tenant: 'acme',
  time: '2026-11-22T10:00:00.000Z',
  type: 'alert.received',
  actor: 'system',
  subjects: { alertId: 'a1' },
  correlationId: 'c-1',
  data: { severity: 'critical', count: 2, note: 'é' },
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('appending to the hash chain', () => {
  it('starts a chain at seq 1 on the genesis hash of 64 zeros', () => {
    const first = appendEntry(undefined, event);
    expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('hashes the RFC 8785 canonical JSON of the entry without its hash, followed by prevHash', () => {
    // Written by hand: keys sorted, no whitespace, UTF-8 as is. Pins the format any independent verifier must reproduce.
    const canonical =
      '{"actor":"system","correlationId":"c-1","data":{"count":2,"note":"é","severity":"critical"},"eventId":"a1:1:received",' +
      `"prevHash":"${GENESIS_HASH}","seq":1,"subjects":{"alertId":"a1"},"tenant":"acme","time":"2026-11-22T10:00:00.000Z","type":"alert.received"}`;
    expect(appendEntry(undefined, event).hash).toBe(sha256(canonical + GENESIS_HASH));
  });

  it('links each entry to the previous one by seq and hash', () => {
    const first = appendEntry(undefined, event);
    const second = appendEntry(first, { ...event, eventId: 'a1:1:acknowledged', type: 'alert.acknowledged' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(second.hash).toBe(entryHash(second));
  });

  it('says which entry may follow a head: the next seq, linked to it, its hash its own', () => {
    const first = appendEntry(undefined, event);
    const second = appendEntry(first, { ...event, eventId: 'a1:1:acknowledged' });
    expect(follows(undefined, first)).toBe(true);
    expect(follows(first, second)).toBe(true);
    expect(follows(undefined, second)).toBe(false);
    expect(follows(second, second)).toBe(false);
    expect(follows({ seq: 1, hash: 'f'.repeat(64) }, second)).toBe(false);
    expect(follows(first, { ...second, data: { edited: true } })).toBe(false);
  });

  it('gives the same hash whatever the order of keys in data', () => {
    const a = appendEntry(undefined, { ...event, data: { x: 1, y: { p: true, q: null } } });
    const b = appendEntry(undefined, { ...event, data: { y: { q: null, p: true }, x: 1 } });
    expect(a.hash).toBe(b.hash);
  });

  it('changes the hash when any field or the previous hash changes', () => {
    const base = appendEntry(undefined, event);
    fc.assert(
      fc.property(
        fc.constantFrom('eventId', 'tenant', 'time', 'actor', 'correlationId', 'prevHash', 'seq', 'subjects', 'data', 'type'),
        (field) => {
          const changed = {
            eventId: { eventId: 'other' },
            tenant: { tenant: 'other' },
            time: { time: '2026-11-22T10:00:00.001Z' },
            actor: { actor: 'alice' },
            correlationId: { correlationId: 'c-2' },
            prevHash: { prevHash: 'f'.repeat(64) },
            seq: { seq: 2 },
            subjects: { subjects: { alertId: 'a1', approvalId: 'p1' } },
            data: { data: { ...event.data, count: 3 } },
            type: { type: 'alert.resolved' as const },
          }[field];
          expect(entryHash({ ...base, ...changed })).not.toBe(base.hash);
        },
      ),
    );
  });

  it('ignores storage attributes an adapter leaves on the entry', () => {
    const entry = appendEntry(undefined, event);
    const stored = { ...entry, pk: 'TENANT#acme', sk: 'SEQ#1', expiresAt: 1_900_000_000 };
    expect(entryHash(stored)).toBe(entry.hash);
  });

  it('stores data in its JSON form, so the entry equals what an export decodes back to', () => {
    const entry = appendEntry(undefined, {
      ...event,
      data: { at: new Date('2026-01-01T00:00:00Z'), gone: undefined, list: [undefined, -0] },
    });
    expect(entry.data).toEqual({ at: '2026-01-01T00:00:00.000Z', list: [null, 0] });
    expect(Object.hasOwn(entry.data, 'gone')).toBe(false);
  });

  it('keeps a __proto__ key in data as data, not as a prototype', () => {
    const data = Object.fromEntries([['__proto__', { polluted: true }]]);
    const entry = appendEntry(undefined, { ...event, data });
    expect(Object.keys(entry.data)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['NaN', { n: Number.NaN }],
    ['a BigInt', { n: 1n }],
    ['a lone surrogate', { s: '\ud800' }],
  ])('refuses data holding %s with a TypeError', (_, data) => {
    expect(() => appendEntry(undefined, { ...event, data })).toThrow(TypeError);
  });

  it('refuses a chain head whose seq is not a non-negative integer', () => {
    expect(() => appendEntry({ seq: 1.5, hash: GENESIS_HASH }, event)).toThrow(RangeError);
  });
});
