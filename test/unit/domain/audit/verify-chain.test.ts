import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-event.ts';
import { appendEntry, GENESIS_HASH } from '../../../../shared/domain/audit/hash-chain.ts';
import { verifyChain } from '../../../../shared/domain/audit/verify-chain.ts';
import { auditEventArbitrary, chainOf } from '../../../support/audit-arbitraries.ts';

/** Re-links entries into a well-formed chain, as an attacker with write access to every entry would. */
function rechain(entries: readonly AuditEntry[]): AuditEntry[] {
  return chainOf(entries);
}

const chainArb = (minLength: number, maxLength = 8) =>
  fc.array(auditEventArbitrary, { minLength, maxLength }).map((events) => chainOf(events));

const at = <T>(items: readonly T[], index: number): T => {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
};

describe('verifying a chain', () => {
  it('accepts any chain built by appending events, up to its head', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb(0), async (entries) => {
        const last = entries.at(-1);
        const result = await verifyChain(entries);
        expect(result).toEqual({
          valid: true,
          checked: entries.length,
          head: last === undefined ? undefined : { seq: entries.length, hash: last.hash },
        });
      }),
    );
  });

  it('detects the deletion of any entry but the last', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb(2), fc.nat(), async (entries, pick) => {
        const index = pick % (entries.length - 1);
        const result = await verifyChain(entries.toSpliced(index, 1));
        expect(result.valid).toBe(false);
        expect(result.checked).toBe(index);
      }),
    );
  });

  it('detects the deletion of the last entries, given a checkpoint of the head', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb(2), fc.integer({ min: 1, max: 7 }), async (entries, count) => {
        const head = at(entries, entries.length - 1);
        const result = await verifyChain(entries.slice(0, Math.max(1, entries.length - count)), { anchor: head });
        expect(result).toMatchObject({
          valid: false,
          firstInvalid: { reason: expect.stringContaining(`before the checkpoint at seq ${head.seq}`) },
        });
      }),
    );
  });

  it('detects a forged entry inserted before any entry, however it was forged', async () => {
    await fc.assert(
      fc.asyncProperty(
        chainArb(1),
        auditEventArbitrary,
        fc.nat(),
        fc.nat(),
        fc.constantFrom('chained', 'renumbered', 'replayed'),
        async (entries, forgery, pick, copied, how) => {
          const index = pick % entries.length;
          const previous = entries[index - 1];
          let tampered: AuditEntry[];
          if (how === 'chained') {
            // A well-formed entry after its predecessor: the original at that seq now repeats it.
            tampered = entries.toSpliced(index, 0, appendEntry(previous, forgery));
          } else if (how === 'renumbered') {
            // Later entries moved up one seq to make room, their hashes left as they were.
            const later = entries.slice(index).map((entry) => ({ ...entry, seq: entry.seq + 1 }));
            tampered = [...entries.slice(0, index), appendEntry(previous, forgery), ...later];
          } else {
            // A copy of any genuine entry.
            tampered = entries.toSpliced(index, 0, at(entries, copied % entries.length));
          }
          const result = await verifyChain(tampered);
          expect(result.valid).toBe(false);
          expect(result.checked).toBeLessThanOrEqual(index + 1);
        },
      ),
    );
  });

  it('detects a chain rewritten around an insertion, given a checkpoint signed after it', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb(1), auditEventArbitrary, fc.nat(), async (entries, forgery, pick) => {
        const index = pick % entries.length;
        const rewritten = rechain([...entries.slice(0, index), appendEntry(entries[index - 1], forgery), ...entries.slice(index)]);
        expect((await verifyChain(rewritten)).valid).toBe(true);
        const checkpoint = at(entries, entries.length - 1);
        const result = await verifyChain(rewritten, { anchor: checkpoint });
        expect(result).toMatchObject({ valid: false, firstInvalid: { seq: checkpoint.seq } });
      }),
    );
  });

  it('detects two entries swapped', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb(2), fc.nat(), fc.nat(), async (entries, a, b) => {
        const i = a % entries.length;
        const j = b % entries.length;
        fc.pre(i !== j);
        const swapped = [...entries];
        swapped[i] = at(entries, j);
        swapped[j] = at(entries, i);
        const result = await verifyChain(swapped);
        expect(result.valid).toBe(false);
        expect(result.checked).toBe(Math.min(i, j));
      }),
    );
  });

  it('detects any reordering of the entries', async () => {
    await fc.assert(
      fc.asyncProperty(
        chainArb(2).chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length }))),
        async ([entries, shuffled]) => {
          fc.pre(shuffled.some((entry, index) => entry !== entries[index]));
          expect((await verifyChain(shuffled)).valid).toBe(false);
        },
      ),
    );
  });

  it('names an edited entry: its hash does not match its content', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 6, seed: 1 }));
    const edited = entries.with(3, { ...at(entries, 3), actor: 'mallory' });
    expect(await verifyChain(edited)).toEqual({
      valid: false,
      checked: 3,
      head: { seq: 3, hash: at(entries, 2).hash },
      firstInvalid: { seq: 4, reason: 'hash does not match its content (edited?)' },
    });
  });

  it('names the entry after a deletion: seq 7 follows 5', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 8, seed: 2 }));
    const result = await verifyChain(entries.toSpliced(5, 1));
    expect(result.firstInvalid).toEqual({ seq: 7, reason: 'seq 7 follows 5 (deleted or reordered entries)' });
  });

  it("names a broken link: prevHash does not match entry 6's hash", async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 8, seed: 3 }));
    // Entry 7 re-hashed over a forged prevHash: its own hash is consistent, its link is not.
    const relinked = appendEntry({ seq: 6, hash: 'f'.repeat(64) }, at(entries, 6));
    const result = await verifyChain(entries.with(6, relinked));
    expect(result.firstInvalid).toEqual({ seq: 7, reason: "prevHash does not match entry 6's hash" });
  });

  it('refuses a chain that does not start at seq 1 on the genesis hash', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 3, seed: 4 }));
    expect((await verifyChain(entries.slice(1))).firstInvalid).toEqual({
      seq: 2,
      reason: 'chain starts at seq 2, not 1 (earlier entries deleted?)',
    });
    const offGenesis = appendEntry(
      { seq: 0, hash: 'a'.repeat(64) },
      fc.sample(auditEventArbitrary, { numRuns: 1, seed: 4 })[0] ?? at(entries, 0),
    );
    expect((await verifyChain([offGenesis])).firstInvalid).toEqual({ seq: 1, reason: 'prevHash of seq 1 is not the genesis hash' });
  });

  it('refuses an entry of another tenant, even one linked into the chain', async () => {
    const [first, second] = fc.sample(auditEventArbitrary, { numRuns: 2, seed: 5 });
    if (first === undefined || second === undefined) throw new Error('no sample');
    const a = appendEntry(undefined, first);
    const b = appendEntry(a, { ...second, tenant: 'globex' });
    expect((await verifyChain([a, b])).firstInvalid?.reason).toBe('tenant "globex" is not the chain\'s tenant "acme"');
    expect((await verifyChain([a], { tenant: 'globex' })).valid).toBe(false);
  });

  it('reports an entry whose content cannot be hashed as invalid instead of throwing', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 2, seed: 9 }));
    const result = await verifyChain(entries.with(1, { ...at(entries, 1), data: { n: Number.POSITIVE_INFINITY } }));
    expect(result).toMatchObject({
      valid: false,
      checked: 1,
      firstInvalid: { seq: 2, reason: expect.stringContaining('no canonical JSON form') },
    });
  });

  it('streams: stops reading at the first invalid entry', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 10, seed: 6 }));
    let read = 0;
    async function* source() {
      for (const entry of entries.toSpliced(2, 1)) {
        read += 1;
        yield entry;
      }
    }
    expect((await verifyChain(source())).valid).toBe(false);
    expect(read).toBe(3);
  });
});

describe('verifying from a checkpoint', () => {
  it('accepts the entries after a checkpoint of any earlier entry', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb(2), fc.nat(), async (entries, pick) => {
        const cut = 1 + (pick % (entries.length - 1));
        const checkpoint = at(entries, cut - 1);
        const result = await verifyChain(entries.slice(cut), { from: { seq: checkpoint.seq, hash: checkpoint.hash } });
        expect(result).toMatchObject({ valid: true, checked: entries.length - cut, head: { seq: entries.length } });
      }),
    );
  });

  it('refuses entries that do not link to the checkpoint', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 5, seed: 7 }));
    const from = { seq: 2, hash: 'b'.repeat(64) };
    expect((await verifyChain(entries.slice(2), { from })).firstInvalid).toEqual({
      seq: 3,
      reason: "prevHash does not match the checkpoint's hash (seq 2)",
    });
    expect((await verifyChain(entries.slice(3), { from: at(entries, 1) })).firstInvalid?.reason).toBe(
      'chain starts at seq 4, not right after the checkpoint at seq 2 (entries 3–3 deleted?)',
    );
  });

  it('reports the checkpoint as the head when nothing followed it', async () => {
    const from = { seq: 9, hash: 'c'.repeat(64) };
    expect(await verifyChain([], { from })).toEqual({ valid: true, checked: 0, head: from });
  });

  it('accepts an export that starts before its anchor checkpoint and passes through it', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb(3), fc.nat(), fc.nat(), async (entries, a, b) => {
        const anchorIndex = 1 + (a % (entries.length - 1));
        const start = b % (anchorIndex + 1);
        const anchor = at(entries, anchorIndex);
        const result = await verifyChain(entries.slice(start), { anchor: { seq: anchor.seq, hash: anchor.hash } });
        expect(result).toMatchObject({ valid: true, checked: entries.length - start });
      }),
    );
  });

  it('detects entries before the anchor rewritten, since the checkpoint hash covers them', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 6, seed: 8 }));
    const rewritten = rechain(entries.with(1, { ...at(entries, 1), actor: 'mallory' }));
    const result = await verifyChain(rewritten.slice(1), { anchor: at(entries, 4) });
    expect(result.firstInvalid).toEqual({ seq: 5, reason: "hash differs from the checkpoint's hash at seq 5 (chain rewritten?)" });
  });

  it('refuses `from` and `anchor` together', async () => {
    await expect(verifyChain([], { from: { seq: 1, hash: GENESIS_HASH }, anchor: { seq: 1, hash: GENESIS_HASH } })).rejects.toThrow(
      TypeError,
    );
  });
});
