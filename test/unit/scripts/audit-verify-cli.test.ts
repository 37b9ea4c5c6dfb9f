import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditEvent } from '../../../shared/domain/audit/audit-event.ts';
import { type Checkpoint, checkpointJwks, keyIdOf, signCheckpoint } from '../../../shared/domain/audit/checkpoint.ts';
import { entryToNdjsonLine } from '../../../shared/domain/audit/export-format.ts';
import { appendEntry } from '../../../shared/domain/audit/hash-chain.ts';

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'audit-verify.ts');
const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const jwks = () => file('jwks.json', JSON.stringify(checkpointJwks(new Map([[keyIdOf(publicKey), publicKey]]))));
/** The hourly job's checkpoints, each signed half an hour after its entry. */
const signedAfter = (chain: readonly AuditEntry[]): Checkpoint[] =>
  chain.map((entry) =>
    signCheckpoint(
      { tenant: 'acme', seq: entry.seq, hash: entry.hash, time: new Date(Date.parse(entry.time) + 1_800_000).toISOString() },
      privateKey,
    ),
  );
/** A directory as the archive lays checkpoints out. */
function archive(name: string, checkpoints: readonly Checkpoint[]): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const checkpoint of checkpoints)
    writeFileSync(join(folder, `${String(checkpoint.seq).padStart(16, '0')}.json`), JSON.stringify(checkpoint));
  return folder;
}
const AT = ['--at', '2026-11-22T11:00:00.000Z'];

const event = (i: number): AuditEvent => ({
  eventId: `a${i}:1:received`,
  tenant: 'acme',
  time: new Date(Date.UTC(2026, 10, 22, 10, 0, i)).toISOString(),
  type: 'alert.received',
  actor: 'system',
  subjects: { alertId: `a${i}` },
  correlationId: `c-${i}`,
  data: { note: `disk full on db-${i}, "again"\u2028` },
});

const entries: AuditEntry[] = [];
for (let i = 1; i <= 20; i++) entries.push(appendEntry(entries.at(-1), event(i)));
const lines = entries.map(entryToNdjsonLine);

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs the CLI with the Node that runs the tests (24, with type stripping). */
function verify(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('npm run audit:verify', () => {
  it('exits 0 for an intact export and prints the count and head', async () => {
    const result = await verify(['--file', file('valid.ndjson', `${lines.join('\n')}\n`)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('VALID');
    expect(result.stdout).toContain('entries verified: 20');
    expect(result.stdout).toContain(`head: seq 20, hash ${entries.at(-1)?.hash}`);
  });

  it('exits 1 for an edited entry, naming its seq and line', async () => {
    const edited = lines.with(6, (lines[6] ?? '').replace('db-7', 'db-8'));
    const result = await verify(['--file', file('edited.ndjson', `${edited.join('\n')}\n`)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('INVALID');
    expect(result.stdout).toContain('first invalid: seq 7 (line 7): hash does not match its content (edited?)');
    expect(result.stdout).toContain('entries verified before it: 6');
  });

  it('exits 1 for a deleted entry, naming the seq after the gap', async () => {
    const result = await verify(['--file', file('deleted.ndjson', `${lines.toSpliced(11, 1).join('\n')}\n`)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('seq 13 (line 12): seq 13 follows 11 (deleted or reordered entries)');
  });

  it('exits 1 for a line that is not an entry', async () => {
    const result = await verify(['--file', file('garbage.ndjson', `${lines.slice(0, 3).join('\n')}\nnot json\n`)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('first invalid: seq 4 (line 4): not valid JSON');
  });

  it('verifies an export against its signed checkpoints and the published public key', async () => {
    const path = file('all.ndjson', `${lines.join('\n')}\n`);
    const result = await verify(['--file', path, '--checkpoints', archive('cps', signedAfter(entries)), '--public-key', jwks(), ...AT]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('anchored by: 20 signed checkpoints (signatures valid)');
  });

  it('verifies the entries retained after old ones expired, from the checkpoint that covers them', async () => {
    const retained = file('retained.ndjson', `${lines.slice(5).join('\n')}\n`);
    const checkpoints = archive('cps-retained', signedAfter(entries));
    const aYearOn = await verify([
      '--file',
      retained,
      '--checkpoints',
      checkpoints,
      '--public-key',
      jwks(),
      '--at',
      '2027-12-01T00:00:00Z',
    ]);
    expect(aYearOn.code).toBe(0);
    expect(aYearOn.stdout).toContain('from seq 5');
    // The same cut an hour after: the checkpoints say those entries were not old enough to expire.
    const early = await verify(['--file', retained, '--checkpoints', checkpoints, '--public-key', jwks(), ...AT]);
    expect(early.code).toBe(1);
    expect(early.stdout).toContain('deleted, not expired');
  });

  it('exits 1 for a rewritten export, a cut one, and checkpoints signed by another key', async () => {
    const checkpoints = archive('cps-attacks', signedAfter(entries));
    const rewritten: AuditEntry[] = [];
    for (let i = 1; i <= 20; i++) rewritten.push(appendEntry(rewritten.at(-1), i === 3 ? { ...event(i), actor: 'mallory' } : event(i)));
    const forged = await verify([
      '--file',
      file('rewritten.ndjson', `${rewritten.map(entryToNdjsonLine).join('\n')}\n`),
      '--checkpoints',
      checkpoints,
      '--public-key',
      jwks(),
      ...AT,
    ]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('seq 3 (line 3): entry 3 differs from the checkpoint');
    const cut = await verify([
      '--file',
      file('cut.ndjson', `${lines.slice(0, 15).join('\n')}\n`),
      '--checkpoints',
      checkpoints,
      '--public-key',
      jwks(),
      ...AT,
    ]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain("names seq 16, past the chain's end at 15");
    const stranger = generateKeyPairSync('ed25519').publicKey;
    const strangerKeys = file('stranger.json', JSON.stringify(checkpointJwks(new Map([[keyIdOf(stranger), stranger]]))));
    const untrusted = await verify([
      '--file',
      file('all2.ndjson', lines.join('\n')),
      '--checkpoints',
      checkpoints,
      '--public-key',
      strangerKeys,
      ...AT,
    ]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain('not a trusted checkpoint key');
  });

  it.each([
    ['no arguments', []],
    ['an unknown option', ['--fast']],
    ['a missing file', ['--file', join(dir, 'missing.ndjson')]],
    ['a directory', ['--file', dir]],
  ])('exits 2 with usage for %s', async (_, args) => {
    const result = await verify(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run audit:verify');
  });

  it('exits 2 when checkpoints come without the public key to check them', async () => {
    const result = await verify(['--file', file('v.ndjson', lines.join('\n')), '--checkpoints', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--checkpoints and --public-key go together');
  });
});
