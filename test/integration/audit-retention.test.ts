import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoAuditStore } from '../../shared/adapters/dynamodb/dynamo-audit-store.ts';
import { appendAuditEvent } from '../../shared/app/audit/append-audit-event.ts';
import { verifyAudit } from '../../shared/app/audit/read-audit.ts';
import { writeAuditCheckpoints } from '../../shared/app/audit/write-audit-checkpoints.ts';
import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import { appendEntry } from '../../shared/domain/audit/hash-chain.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

const table = emulators().tables.audit;
const dynamo = localDynamo();
const store = new DynamoAuditStore(dynamo, table);
const key = 'k'.repeat(64);

const event = (tenant: string, n: number): AuditEvent => ({
  eventId: `e-${n}`,
  tenant,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  type: 'config.changed',
  actor: 'admin',
  subjects: {},
  correlationId: 'c',
  data: { version: n },
});

/** What TTL does to entries past retention. */
async function expire(tenant: string, seqs: number[]) {
  for (const seq of seqs)
    await dynamo.send(new DeleteCommand({ TableName: table, Key: { tenant, sk: `e#${String(seq).padStart(12, '0')}` } }));
}

async function chainOf(tenant: string, length: number) {
  for (let n = 1; n <= length; n++) await appendAuditEvent(store, event(tenant, n));
}

describe('audit retention and checkpoints', () => {
  it('verifies from the oldest checkpoint once older entries have expired', async () => {
    const tenant = freshTenant('retained');
    await chainOf(tenant, 3);
    await writeAuditCheckpoints(store, key);
    for (let n = 4; n <= 6; n++) await appendAuditEvent(store, event(tenant, n));
    await expire(tenant, [1, 2]);
    const verdict = await verifyAudit(store, tenant, key);
    expect(verdict).toMatchObject({ valid: true, checked: 4, head: { seq: 6 }, checkpoints: 1, signaturesChecked: true });
  });

  it('still finds an edit among the retained entries', async () => {
    const tenant = freshTenant('edited');
    await chainOf(tenant, 4);
    await writeAuditCheckpoints(store, key);
    await expire(tenant, [1]);
    const sk = `e#${String(3).padStart(12, '0')}`;
    const { Attributes } = await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: { tenant, sk },
        UpdateExpression: 'SET #e = :e',
        ExpressionAttributeNames: { '#e': 'entry' },
        ExpressionAttributeValues: { ':e': 'x' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const original = JSON.parse(String(Attributes?.entry));
    await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: { tenant, sk },
        UpdateExpression: 'SET #e = :e',
        ExpressionAttributeNames: { '#e': 'entry' },
        ExpressionAttributeValues: { ':e': JSON.stringify({ ...original, actor: 'mallory' }) },
      }),
    );
    const verdict = await verifyAudit(store, tenant, key);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstInvalid?.seq).toBe(3);
  });

  it('says so when entries expired with no checkpoint to verify from', async () => {
    const tenant = freshTenant('unanchored');
    await chainOf(tenant, 3);
    await expire(tenant, [1]);
    const verdict = await verifyAudit(store, tenant, key);
    expect(verdict).toMatchObject({ valid: false, firstInvalid: { seq: 2 } });
    expect(verdict.firstInvalid?.reason).toMatch(/no checkpoint/);
  });

  it('refuses a checkpoint signed with another key', async () => {
    const tenant = freshTenant('forged');
    await chainOf(tenant, 3);
    await writeAuditCheckpoints(store, 'x'.repeat(64));
    await expire(tenant, [1]);
    expect((await verifyAudit(store, tenant, key)).firstInvalid?.reason).toMatch(/invalid signature/);
  });

  it('notices the newest entries deleted, even though what remains still chains', async () => {
    const tenant = freshTenant('truncated');
    await chainOf(tenant, 4);
    await expire(tenant, [4]);
    const verdict = await verifyAudit(store, tenant, key);
    expect(verdict).toMatchObject({ valid: false, firstInvalid: { seq: 4 } });
    expect(verdict.firstInvalid?.reason).toMatch(/head says 4/);
  });

  it('catches a chain rewritten from its first entry on, which still links, by its signed checkpoint', async () => {
    const tenant = freshTenant('rewritten');
    await chainOf(tenant, 3);
    await writeAuditCheckpoints(store, key);
    // Someone with the database rewrites history: every entry recomputed, head moved along.
    const forged = [];
    let previous: { seq: number; hash: string } | undefined;
    for (let n = 1; n <= 3; n++) {
      const entry = appendEntry(previous, { ...event(tenant, n), actor: 'mallory' });
      forged.push(entry);
      previous = { seq: entry.seq, hash: entry.hash };
    }
    for (const entry of forged) {
      await dynamo.send(
        new UpdateCommand({
          TableName: table,
          Key: { tenant, sk: `e#${String(entry.seq).padStart(12, '0')}` },
          UpdateExpression: 'SET #e = :e',
          ExpressionAttributeNames: { '#e': 'entry' },
          ExpressionAttributeValues: { ':e': JSON.stringify(entry) },
        }),
      );
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
    const verdict = await verifyAudit(store, tenant, key);
    expect(verdict).toMatchObject({ valid: false, firstInvalid: { seq: 3 } });
    expect(verdict.firstInvalid?.reason).toMatch(/differs from the checkpoint/);
  });
});
