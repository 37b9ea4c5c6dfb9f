import { describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '../../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { SqsAuditLog } from '../../shared/adapters/sqs/sqs-audit-log.ts';
import { SqsTriageQueue } from '../../shared/adapters/sqs/sqs-triage-queue.ts';
import { resendOwedEvents } from '../../shared/app/ingest/resend-owed-events.ts';
import { applyIncomingAlert } from '../../shared/domain/alerts/alert-lifecycle.ts';
import { drainTriageQueue, emulators, freshTenant, localDynamo, localSqs } from '../helpers/local-clients.ts';
import { recordingLog } from '../support/recording-log.ts';

const env = emulators();
const sqs = localSqs();
const alerts = new DynamoAlertStore(localDynamo(), env.tables.alerts);
const queue = new SqsTriageQueue(sqs, env.triageQueueName);
const audit = new SqsAuditLog(sqs, env.auditQueueName);

/** Stores an alert as a request that crashed right after writing it would have left it. */
async function leftBehindByACrash(tenant: string, id: string, writtenAt: Date) {
  const { next } = applyIncomingAlert(
    undefined,
    {
      source: 'generic',
      fingerprint: id,
      status: 'firing',
      name: 'Crash',
      labels: { alertname: 'Crash' },
      annotations: {},
      startsAt: writtenAt.toISOString(),
    },
    { tenant, id, now: writtenAt, leaseMs: 30_000, requestId: 'crashed-request', actor: 'test', correlationId: 'test' },
  );
  if (next === undefined) throw new Error('nothing to store');
  await alerts.save({ record: next, expectedVersion: undefined });
}

describe('the owed-events sweeper', () => {
  it('sends an event whose writer died, once, and clears it', async () => {
    const tenant = freshTenant('sweep');
    const crashedAt = new Date(Date.now() - 120_000);
    await leftBehindByACrash(tenant, 'crashed-1', crashedAt);

    const result = await resendOwedEvents({ alerts, queue, audit, log: recordingLog() });
    expect(result.resent).toBeGreaterThanOrEqual(1);
    const messages = await drainTriageQueue(sqs, tenant);
    expect(messages.map((m) => m.body.eventId)).toEqual(['crashed-1:1:triage']);
    expect((await alerts.get(tenant, 'crashed-1'))?.pending).toEqual({});
    // The audit event the crashed request owed went out too.
    expect(result.resent).toBeGreaterThanOrEqual(2);

    await resendOwedEvents({ alerts, queue, audit, log: recordingLog() });
    expect(await drainTriageQueue(sqs, tenant)).toEqual([]);
  });

  it('leaves alone an event whose writer may still be sending it', async () => {
    const tenant = freshTenant('sweep-live');
    await leftBehindByACrash(tenant, 'in-flight', new Date());
    await resendOwedEvents({ alerts, queue, audit, log: recordingLog() });
    expect(await drainTriageQueue(sqs, tenant)).toEqual([]);
    expect(Object.keys((await alerts.get(tenant, 'in-flight'))?.pending ?? {}).sort()).toEqual([
      'in-flight:1:alert.received',
      'in-flight:1:triage',
    ]);
  });
});
