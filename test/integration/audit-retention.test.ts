/**
 * The audit chain in DynamoDB Local, its checkpoints archived outside it (a directory, as on the
 * local stack) and signed with Ed25519: the review's rewrite attacks, each of which verified
 * clean when checkpoints lived in the table, signed with a key the verifier held.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DirectoryCheckpointArchive } from '../../shared/adapters/checkpoints/directory-checkpoint-archive.ts';
import { DynamoAuditStore } from '../../shared/adapters/dynamodb/dynamo-audit-store.ts';
import { appendAuditEvent } from '../../shared/app/audit/append-audit-event.ts';
import { verifyAudit } from '../../shared/app/audit/verify-audit.ts';
import { writeAuditCheckpoints } from '../../shared/app/audit/write-audit-checkpoints.ts';
import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import { keyIdOf } from '../../shared/domain/audit/checkpoint.ts';
import { checkpointName } from '../../shared/domain/audit/checkpoint-archive.ts';
import { appendEntry } from '../../shared/domain/audit/hash-chain.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';
import { recordingLog } from '../support/recording-log.ts';

const table = emulators().tables.audit;
const dynamo = localDynamo();
const store = new DynamoAuditStore(dynamo, table);
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keys = new Map([[keyIdOf(publicKey), publicKey]]);
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const MINUTE = 60_000;

const event = (tenant: string, n: number, actor = 'admin'): AuditEvent => ({
  eventId: `e-${n}`,
  tenant,
  time: new Date(T0 + n * 1000).toISOString(),
  type: 'config.changed',
  actor,
  subjects: {},
  correlationId: 'c',
  data: { version: n },
});

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
  const archive = new DirectoryCheckpointArchive(dir);
  const log = recordingLog();
  return {
    dir,
    archive,
    log,
    /** The hourly job, run at T0 + `minutes`. */
    checkpoint: (minutes: number) => writeAuditCheckpoints({ store, archive, privateKey, log }, new Date(T0 + minutes * MINUTE)),
    verify: (tenant: string, minutes: number, retentionDays = 365) =>
      verifyAudit({ store, archive, keys, now: () => new Date(T0 + minutes * MINUTE) }, tenant, retentionDays),
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function chainOf(tenant: string, from: number, to: number) {
  for (let n = from; n <= to; n++) await appendAuditEvent(store, event(tenant, n));
}

const entryKey = (tenant: string, seq: number) => ({ tenant, sk: `e#${String(seq).padStart(12, '0')}` });

/** What TTL does to entries past retention, or someone with table access does to any. */
async function remove(tenant: string, seqs: number[]) {
  for (const seq of seqs) await dynamo.send(new DeleteCommand({ TableName: table, Key: entryKey(tenant, seq) }));
}

/** Rewrites the chain from `seq` 1 with `actor`, every hash recomputed and the head moved: it still links. */
async function rewrite(tenant: string, length: number, actor: string) {
  let previous: { seq: number; hash: string } | undefined;
  for (let n = 1; n <= length; n++) {
    const entry = appendEntry(previous, event(tenant, n, actor));
    await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: entryKey(tenant, n),
        UpdateExpression: 'SET #e = :e',
        ExpressionAttributeNames: { '#e': 'entry' },
        ExpressionAttributeValues: { ':e': JSON.stringify(entry) },
      }),
    );
    previous = { seq: entry.seq, hash: entry.hash };
  }
  await dynamo.send(
    new UpdateCommand({
      TableName: table,
      Key: { tenant, sk: 'head' },
      UpdateExpression: 'SET #h = :h',
      ExpressionAttributeNames: { '#h': 'hash' },
      ExpressionAttributeValues: { ':h': previous?.hash },
    }),
  );
}

describe('the audit chain against its archived checkpoints', () => {
  it('verifies, and from the oldest retained checkpoint once older entries have expired', async () => {
    const { checkpoint, verify, cleanUp } = setUp();
    const tenant = freshTenant('retained');
    await chainOf(tenant, 1, 3);
    await checkpoint(30);
    await chainOf(tenant, 4, 6);
    await checkpoint(40);
    expect(await verify(tenant, 60)).toMatchObject({ valid: true, checked: 6, head: { seq: 6 }, checkpoints: 2 });
    await remove(tenant, [1, 2]);
    const aYearOn = 400 * 24 * 60;
    expect(await verify(tenant, aYearOn)).toMatchObject({ valid: true, checked: 4, head: { seq: 6 } });
    cleanUp();
  });

  it('catches a rewrite after the checkpoints were deleted (once: "valid, 0 checkpoints")', async () => {
    const { dir, checkpoint, verify, cleanUp } = setUp();
    const tenant = freshTenant('deleted-checkpoints');
    await chainOf(tenant, 1, 3);
    await checkpoint(30);
    await rewrite(tenant, 3, 'mallory');
    rmSync(join(dir, 'tenants', tenant), { recursive: true, force: true });
    const verdict = await verify(tenant, 6 * 60);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstInvalid?.reason).toMatch(/entry 1 of .* is over 2 h old and no checkpoint covers it/);
    cleanUp();
  });

  it('catches the oldest entries deleted to look like retention (once: "valid")', async () => {
    const { checkpoint, verify, cleanUp } = setUp();
    const tenant = freshTenant('fake-retention');
    await chainOf(tenant, 1, 4);
    await checkpoint(30);
    await remove(tenant, [1, 2]);
    const verdict = await verify(tenant, 90);
    expect(verdict).toMatchObject({ valid: false, firstInvalid: { seq: 3 } });
    expect(verdict.firstInvalid?.reason).toMatch(/younger than the 365-day retention \(deleted, not expired\)/);
    cleanUp();
  });

  it('never signs a tail rewritten before the next checkpoint (once: signed, then "valid")', async () => {
    const { checkpoint, verify, log, cleanUp } = setUp();
    const tenant = freshTenant('tail');
    await chainOf(tenant, 1, 3);
    await checkpoint(30);
    await chainOf(tenant, 4, 5);
    await rewrite(tenant, 5, 'mallory');
    const run = await checkpoint(90);
    expect(run.refused).toContain(tenant);
    expect(log.lines.some((line) => line.message.includes('does not follow from its last checkpoint'))).toBe(true);
    expect((await verify(tenant, 100)).valid).toBe(false);
    cleanUp();
  });

  it('catches a chain rewritten from scratch, which still links, by its checkpoint', async () => {
    const { checkpoint, verify, cleanUp } = setUp();
    const tenant = freshTenant('rewritten');
    await chainOf(tenant, 1, 3);
    await checkpoint(30);
    await rewrite(tenant, 3, 'mallory');
    const verdict = await verify(tenant, 60);
    expect(verdict).toMatchObject({ valid: false, firstInvalid: { seq: 3 } });
    expect(verdict.firstInvalid?.reason).toMatch(/differs from the checkpoint/);
    cleanUp();
  });

  it('notices the newest entries deleted, and a malformed checkpoint in the archive', async () => {
    const { dir, checkpoint, verify, cleanUp } = setUp();
    const tenant = freshTenant('truncated');
    await chainOf(tenant, 1, 4);
    await checkpoint(30);
    await remove(tenant, [4]);
    expect((await verify(tenant, 60)).firstInvalid?.reason).toMatch(/head says 4/);
    writeFileSync(join(dir, checkpointName(tenant, 9)), '{"not":"a checkpoint"}');
    expect((await verify(tenant, 60)).firstInvalid?.reason).toMatch(/is not a valid checkpoint of this tenant/);
    cleanUp();
  });
});
