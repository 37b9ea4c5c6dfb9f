/**
 * The review's attacks on the chain's anchoring, each of which verified clean before:
 * checkpoints deleted, the oldest entries deleted to look like retention, the tail rewritten
 * before the next checkpoint, a malformed checkpoint slipped in. Each must now fail.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { type Checkpoint, keyIdOf, signCheckpoint } from '../../../../shared/domain/audit/checkpoint.ts';
import { checkpointCheck, MAX_UNANCHORED_MS } from '../../../../shared/domain/audit/checkpoint-check.ts';
import { appendEntry } from '../../../../shared/domain/audit/hash-chain.ts';
import { verifyChain } from '../../../../shared/domain/audit/verify-chain.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keys = new Map([[keyIdOf(publicKey), publicKey]]);
const START = Date.parse('2026-06-01T00:00:00.000Z');
const HOUR = 3600_000;

/** One entry per hour from START. */
function chain(length: number, firstVersion = 1): AuditEntry[] {
  const tenant = 'acme';
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= length; n++) {
    const event: AuditEvent = {
      eventId: `e-${n}`,
      tenant,
      time: new Date(START + (n - 1) * HOUR).toISOString(),
      type: 'config.changed',
      actor: 'admin',
      subjects: {},
      correlationId: 'c',
      data: { version: n === 1 ? firstVersion : n },
    };
    entries.push(appendEntry(entries.at(-1), event));
  }
  return entries;
}

/** The hourly job's checkpoints: one after each entry, signed half an hour later. */
function hourly(entries: readonly AuditEntry[]): Checkpoint[] {
  return entries.map((entry) =>
    signCheckpoint(
      { tenant: entry.tenant, seq: entry.seq, hash: entry.hash, time: new Date(Date.parse(entry.time) + HOUR / 2).toISOString() },
      privateKey,
    ),
  );
}

async function verdict(
  entries: readonly AuditEntry[],
  checkpoints: readonly Checkpoint[],
  options: { now?: number; malformed?: string[]; retentionDays?: number } = {},
) {
  const check = checkpointCheck({
    tenant: 'acme',
    archived: { checkpoints, malformed: options.malformed ?? [] },
    keys,
    now: new Date(options.now ?? START + entries.length * HOUR),
    retentionDays: options.retentionDays ?? 365,
  });
  if (check.refusal !== undefined) return check.refusal.reason;
  const start = check.start(entries[0]?.seq ?? 1);
  if (start.refusal !== undefined) return start.refusal.reason;
  const result = await verifyChain(entries, {
    tenant: 'acme',
    ...(start.anchor === undefined ? {} : { anchor: start.anchor }),
    check: check.accept,
  });
  if (!result.valid) return result.firstInvalid?.reason;
  return check.finish(result.head?.seq ?? 0)?.reason ?? 'valid';
}

describe('a chain held to its archived checkpoints', () => {
  it('verifies when intact', async () => {
    const entries = chain(10);
    expect(await verdict(entries, hourly(entries))).toBe('valid');
  });

  it('fails when the newest checkpoints were deleted: old entries are left uncovered', async () => {
    const entries = chain(10);
    const kept = hourly(entries).filter((checkpoint) => checkpoint.seq < 6);
    expect(await verdict(entries, kept, { now: START + 20 * HOUR })).toMatch(/entry 6 of .* is over 2 h old and no checkpoint covers it/);
  });

  it('holds when checkpoints in the middle were deleted: a later one still covers their entries', async () => {
    const entries = chain(10);
    const kept = hourly(entries).filter((checkpoint) => checkpoint.seq < 3 || checkpoint.seq === 10);
    expect(await verdict(entries, kept)).toBe('valid');
  });

  it('fails when all checkpoints were deleted and the chain is older than the job allows', async () => {
    const entries = chain(10);
    expect(await verdict(entries, [])).toMatch(/entry 1 of .* no checkpoint covers it .*checkpoint job stopped/);
  });

  it('holds after downtime: entries covered late, by the first run after, are covered', async () => {
    const entries = chain(10);
    const late = [
      signCheckpoint(
        { tenant: 'acme', seq: 10, hash: entries[9]?.hash ?? '', time: new Date(START + 30 * 24 * HOUR).toISOString() },
        privateKey,
      ),
    ];
    expect(await verdict(entries, late, { now: START + 31 * 24 * HOUR })).toBe('valid');
  });

  it('accepts entries younger than the unanchored window without a checkpoint', async () => {
    const entries = chain(3);
    expect(await verdict(entries, hourly(entries).slice(0, 2), { now: Date.parse(entries[2]?.time ?? '') + MAX_UNANCHORED_MS / 2 })).toBe(
      'valid',
    );
  });

  it('fails when the oldest entries were deleted to look like retention', async () => {
    const entries = chain(10);
    expect(await verdict(entries.slice(4), hourly(entries))).toMatch(
      /entries before seq 5 are missing, but .* younger than the 365-day retention/,
    );
  });

  it('accepts the oldest entries missing once they are past retention', async () => {
    const entries = chain(10);
    const later = START + 400 * 24 * HOUR;
    const retained = entries.slice(4);
    // A year on, the checkpoints the hourly job kept writing: only the retained entries' matter here.
    expect(await verdict(retained, hourly(entries), { now: later, retentionDays: 30 })).toBe('valid');
  });

  it('fails when the newest entries were cut, since a checkpoint names a later seq', async () => {
    const entries = chain(10);
    expect(await verdict(entries.slice(0, 7), hourly(entries))).toMatch(/names seq 8, past the chain's end at 7/);
  });

  it('fails when the chain was rewritten from scratch, though it still links', async () => {
    const entries = chain(10);
    // Entry 1 says something else; every later entry is rehashed onto it, so the chain links.
    const rewritten = chain(10, 999);
    expect((await verifyChain(rewritten)).valid).toBe(true);
    expect(await verdict(rewritten, hourly(entries))).toMatch(/entry 1 differs from the checkpoint/);
  });

  it('fails on a malformed object in the archive, and on a checkpoint signed with another key', async () => {
    const entries = chain(4);
    expect(await verdict(entries, hourly(entries), { malformed: ['tenants/acme/checkpoints/0000000000000002.json'] })).toMatch(
      /is not a valid checkpoint/,
    );
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const foreign = hourly(entries).map((checkpoint, index) => (index === 1 ? signCheckpoint(checkpoint, stranger) : checkpoint));
    expect(await verdict(entries, foreign)).toMatch(/checkpoint at seq 2: it is signed by key .* not a trusted/);
  });
});
