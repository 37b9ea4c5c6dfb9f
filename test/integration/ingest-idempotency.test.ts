import type { SendMessageBatchCommandInput, SendMessageBatchCommandOutput, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '../../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { SqsAuditLog } from '../../shared/adapters/sqs/sqs-audit-log.ts';
import { SqsTriageQueue } from '../../shared/adapters/sqs/sqs-triage-queue.ts';
import { ingestWebhook } from '../../shared/app/ingest/ingest-webhook.ts';
import { ServiceUnavailableError } from '../../shared/domain/errors.ts';
import { sampleEvent } from '../helpers/events.ts';
import { drainTriageQueue, emulators, freshTenant, localDynamo, localSqs } from '../helpers/local-clients.ts';
import { recordingLog } from '../support/recording-log.ts';

const env = emulators();
const dynamo = localDynamo();
const sqs = localSqs();
const alerts = new DynamoAlertStore(dynamo, env.tables.alerts);

function depsWith(client: SQSClient = sqs) {
  return {
    alerts,
    queue: new SqsTriageQueue(client, env.triageQueueName),
    audit: new SqsAuditLog(sqs, env.auditQueueName),
    log: recordingLog(),
  };
}

/** A notification of `count` distinct alerts, shaped like the real one in events/. */
function notification(count: number) {
  const body = sampleEvent('alertmanager', 'firing-multiple');
  const template = (body.alerts as Record<string, unknown>[])[0] ?? {};
  body.alerts = Array.from({ length: count }, (_, i) => {
    const { fingerprint: _given, ...rest } = template;
    return { ...structuredClone(rest), labels: { alertname: 'DiskFull', instance: `node-${i}:9100`, severity: 'critical' } };
  });
  return body;
}

/** An SQS client whose `nth` SendMessageBatch call fails as if the service were unreachable. */
function sqsFailingBatch(nth: number): SQSClient {
  const client = localSqs();
  let batches = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendMessageBatchCommand' && ++batches === nth) {
        throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'ServiceUnavailable', $retryable: undefined });
      }
      return next(args);
    },
    { step: 'initialize', name: 'failNthBatch' },
  );
  return client;
}

/**
 * An SQS client that, like SQS under throttling, accepts a batch but refuses some entries: the
 * refused ones are really not sent (removed before the call) and come back in `Failed`.
 */
function sqsRefusingEntries(refuse: (index: number) => boolean): SQSClient {
  const client = localSqs();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendMessageBatchCommand') return next(args);
      const input = args.input as SendMessageBatchCommandInput;
      const entries = input.Entries ?? [];
      const refused = entries.filter((_, index) => refuse(index));
      const result = await next({ ...args, input: { ...input, Entries: entries.filter((_, index) => !refuse(index)) } });
      const output = result.output as SendMessageBatchCommandOutput;
      output.Failed = [
        ...(output.Failed ?? []),
        ...refused.map((entry) => ({ Id: entry.Id, SenderFault: false, Code: 'ThrottlingException', Message: 'refused by the test' })),
      ];
      return result;
    },
    { step: 'initialize', name: 'refuseEntries' },
  );
  return client;
}

describe('ingesting on the local emulators', () => {
  it('enqueues each alert exactly once when an HA pair sends the same notification at the same time', async () => {
    const tenant = freshTenant('ha');
    const body = notification(12);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => ingestWebhook(depsWith(), tenant, 'alertmanager', structuredClone(body), 'corr-ha', 'test-sender')),
    );

    const messages = await drainTriageQueue(sqs, tenant);
    expect(messages).toHaveLength(12);
    expect(new Set(messages.map((m) => m.body.alertId)).size).toBe(12);
    expect(results.reduce((sum, r) => sum + r.counts.created, 0)).toBe(12);
    expect(results.reduce((sum, r) => sum + r.counts.updated, 0)).toBe(36);
  });

  it('puts tenant and correlation id on each message', async () => {
    const tenant = freshTenant('attrs');
    await ingestWebhook(depsWith(), tenant, 'alertmanager', sampleEvent('alertmanager', 'firing-single'), 'corr-attrs', 'test-sender');
    const [message] = await drainTriageQueue(sqs, tenant);
    expect(message?.attributes).toMatchObject({ tenant, correlationId: 'corr-attrs', eventType: 'triage' });
    expect(message?.body).toMatchObject({ type: 'alert.firing', tenant, revision: 1, correlationId: 'corr-attrs' });
  });

  it('sends nothing for a repeated notification', async () => {
    const tenant = freshTenant('repeat');
    await ingestWebhook(depsWith(), tenant, 'alertmanager', notification(3), 'c1', 'test-sender');
    await drainTriageQueue(sqs, tenant);
    const again = await ingestWebhook(depsWith(), tenant, 'alertmanager', notification(3), 'c2', 'test-sender');
    expect(again.counts).toEqual({ created: 0, updated: 3, resolved: 0, duplicate: 0 });
    expect(await drainTriageQueue(sqs, tenant)).toHaveLength(0);
    const stored = await alerts.get(tenant, again.alerts[0]?.id ?? '');
    expect(stored).toMatchObject({ notifications: 2, pending: {} });
    expect(stored?.queued).toMatchObject({ kind: 'triage', revision: 1 });
  });

  it("counts a repeat in its group's item, not the record, exactly, even when repeats race", async () => {
    const tenant = freshTenant('sighting');
    await ingestWebhook(depsWith(), tenant, 'alertmanager', notification(2), 'c1', 'test-sender');
    const id = (await alerts.list(tenant, {}, 10, undefined)).items[0]?.id ?? '';
    const raw = async (key: string) =>
      (await dynamo.send(new GetCommand({ TableName: env.tables.alerts, Key: { tenant, id: key }, ConsistentRead: true }))).Item;
    const written = await raw(id);
    // Five copies of the same notification at once: each alert is seen five more times.
    await Promise.all(
      Array.from({ length: 5 }, (_, n) => ingestWebhook(depsWith(), tenant, 'alertmanager', notification(2), `c${n + 2}`, 'test-sender')),
    );
    expect(await alerts.get(tenant, id)).toMatchObject({ notifications: 6, updatedAt: written?.updatedAt });
    expect((await alerts.getMany(tenant, [id])).get(id)?.notifications).toBe(6);
    expect((await alerts.list(tenant, {}, 10, undefined)).items.map((alert) => alert.notifications)).toEqual([6, 6]);
    // The record itself was rewritten only where a race sent a repeat back to be written whole.
    expect((await raw(id))?.version).toBeLessThanOrEqual(Number(written?.version) + 4);
    expect(await raw(`${id}#seen`)).toBeUndefined();
    // A change of content is written whole, and the count goes on from the sightings.
    const changed = notification(2);
    for (const alert of changed.alerts as { annotations: Record<string, string> }[]) alert.annotations = { summary: 'now worse' };
    await ingestWebhook(depsWith(), tenant, 'alertmanager', changed, 'c9', 'test-sender');
    await ingestWebhook(depsWith(), tenant, 'alertmanager', changed, 'c10', 'test-sender');
    expect(await alerts.get(tenant, id)).toMatchObject({ notifications: 8, summary: 'now worse' });
  });

  it('answers 503 when SQS fails mid-notification, and the retry queues only what was missing', async () => {
    const tenant = freshTenant('sqsfail');
    const body = notification(25);
    await expect(
      ingestWebhook(depsWith(sqsFailingBatch(2)), tenant, 'alertmanager', structuredClone(body), 'try-1', 'test-sender'),
    ).rejects.toThrow(ServiceUnavailableError);
    const firstTry = await drainTriageQueue(sqs, tenant);
    expect(firstTry).toHaveLength(15);

    const retry = await ingestWebhook(depsWith(), tenant, 'alertmanager', structuredClone(body), 'try-2', 'test-sender');
    expect(retry.counts).toMatchObject({ created: 10, updated: 15 });
    const secondTry = await drainTriageQueue(sqs, tenant);
    expect(secondTry).toHaveLength(10);

    const all = [...firstTry, ...secondTry].map((m) => m.body.alertId);
    expect(new Set(all).size).toBe(25);
    expect(all).toHaveLength(25);
  });

  it('queues a resolution event, then a new revision when the alert fires again', async () => {
    const tenant = freshTenant('revision');
    const firing = sampleEvent('alertmanager', 'firing-single');
    await ingestWebhook(depsWith(), tenant, 'alertmanager', firing, 'c1', 'test-sender');
    const resolved = structuredClone(firing);
    const alert = (resolved.alerts as Record<string, unknown>[])[0] ?? {};
    Object.assign(alert, { status: 'resolved', endsAt: '2026-11-22T23:30:00Z' });
    const resolveResult = await ingestWebhook(depsWith(), tenant, 'alertmanager', resolved, 'c2', 'test-sender');
    expect(resolveResult.alerts[0]).toMatchObject({ outcome: 'resolved', status: 'resolved', revision: 1 });

    const refired = structuredClone(firing);
    Object.assign((refired.alerts as Record<string, unknown>[])[0] ?? {}, { startsAt: '2026-11-23T01:00:00Z' });
    const refire = await ingestWebhook(depsWith(), tenant, 'alertmanager', refired, 'c3', 'test-sender');
    expect(refire.alerts[0]).toMatchObject({ outcome: 'created', status: 'firing', revision: 2 });

    const messages = await drainTriageQueue(sqs, tenant);
    expect(messages.map((m) => `${m.body.type}@${m.body.revision}`).sort()).toEqual([
      'alert.firing@1',
      'alert.firing@2',
      'alert.resolved@1',
    ]);
  });

  it('answers 503 when SQS refuses some entries of a batch, and the retry sends exactly those', async () => {
    const tenant = freshTenant('refused');
    const body = notification(10);
    await expect(
      ingestWebhook(
        depsWith(sqsRefusingEntries((index) => index % 3 === 0)),
        tenant,
        'alertmanager',
        structuredClone(body),
        'r-1',
        'test-sender',
      ),
    ).rejects.toThrow(ServiceUnavailableError);
    const first = await drainTriageQueue(sqs, tenant);
    expect(first).toHaveLength(6);

    const retry = await ingestWebhook(depsWith(), tenant, 'alertmanager', structuredClone(body), 'r-2', 'test-sender');
    expect(retry.counts).toMatchObject({ created: 4, updated: 6 });
    const second = await drainTriageQueue(sqs, tenant);
    expect(new Set([...first, ...second].map((m) => m.body.eventId)).size).toBe(10);
    expect(second).toHaveLength(4);
  });
});
