import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditEvent } from '../../../shared/domain/audit/audit-event.ts';
import { signCheckpoint } from '../../../shared/domain/audit/checkpoint.ts';
import { entryToNdjsonLine } from '../../../shared/domain/audit/export-format.ts';
import { appendEntry } from '../../../shared/domain/audit/hash-chain.ts';

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'audit-verify.ts');
const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = 'checkpoint-key-of-at-least-32-bytes!';

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

  it('verifies the entries retained around a signed checkpoint', async () => {
    const cp = entries[9] ?? expect.fail();
    const checkpoint = file('cp.json', JSON.stringify(signCheckpoint({ tenant: 'acme', seq: cp.seq, hash: cp.hash, time: cp.time }, key)));
    const retained = file('retained.ndjson', `${lines.slice(5).join('\n')}\n`);
    const result = await verify(['--file', retained, '--checkpoint', checkpoint, '--key-env', 'CP_KEY'], { CP_KEY: key });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('anchored by: checkpoint seq 10 of tenant acme');

    const wrongKey = await verify(['--file', retained, '--checkpoint', checkpoint, '--key-env', 'CP_KEY'], { CP_KEY: 'y'.repeat(32) });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toContain("the checkpoint's signature does not match");
  });

  it('exits 1 when the export was rewritten before a signed checkpoint', async () => {
    const cp = entries[9] ?? expect.fail();
    const checkpoint = file('cp2.json', JSON.stringify(signCheckpoint({ tenant: 'acme', seq: cp.seq, hash: cp.hash, time: cp.time }, key)));
    const rewritten: AuditEntry[] = [];
    for (let i = 1; i <= 20; i++) rewritten.push(appendEntry(rewritten.at(-1), i === 3 ? { ...event(i), actor: 'mallory' } : event(i)));
    const path = file('rewritten.ndjson', `${rewritten.map(entryToNdjsonLine).join('\n')}\n`);
    const result = await verify(['--file', path, '--checkpoint', checkpoint], { AUDIT_CHECKPOINT_KEY: key });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("seq 10 (line 10): hash differs from the checkpoint's hash at seq 10 (chain rewritten?)");
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

  it('exits 2 when the checkpoint key variable is not set', async () => {
    const checkpoint = file(
      'cp3.json',
      JSON.stringify(signCheckpoint({ tenant: 'acme', seq: 1, hash: entries[0]?.hash ?? '', time: 't' }, key)),
    );
    const result = await verify(['--file', file('v.ndjson', lines.join('\n')), '--checkpoint', checkpoint, '--key-env', 'UNSET_KEY_VAR']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('UNSET_KEY_VAR is not set');
  });
});
