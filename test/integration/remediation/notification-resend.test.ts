/**
 * A failed notification sent again through the real resend queue (fauxqs): the first send fails
 * with 503, the failure is audited with its resend scheduled, the queued message parses as the
 * consumer's, and the resend reaches the target once, with the same delivery id.
 */
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../../shared/adapters/notifications/notify.ts';
import type { DeliveryPolicy } from '../../../shared/adapters/outbound-http/http-delivery.ts';
import { SqsNotificationRetries } from '../../../shared/adapters/sqs/sqs-notification-retries.ts';
import { type RecordingDeps, sendAndRecord } from '../../../shared/app/remediation/recording-notifier.ts';
import { resendNotification } from '../../../shared/app/remediation/resend-notification.ts';
import type { NotificationTarget } from '../../../shared/domain/notifications/notification-event.ts';
import { notificationRetrySchema } from '../../../shared/domain/notifications/notification-retry.ts';
import { DEFAULT_TENANT_CONFIG } from '../../../shared/domain/tenants/tenant-config.ts';
import { parseMessage } from '../../../shared/entry/lambda/sqs-batch.ts';
import { emulators, freshTenant, localSqs } from '../../helpers/local-clients.ts';
import { RecordingAuditLog } from '../../support/in-memory/queues.ts';
import { InMemoryApprovalStore } from '../../support/in-memory/remediation.ts';
import { localFetch } from '../../support/local-egress.ts';
import { recordingLog } from '../../support/recording-log.ts';
import { fakeSecrets, notificationEvent, storedApproval } from '../../support/remediation-fixtures.ts';
import { header, type RecordingServer, startRecordingServer } from './recording-server.ts';

const POLICY: DeliveryPolicy = { attemptTimeoutMs: 300, maxRetries: 1, initialDelayMs: 10, maxDelayMs: 20, budgetMs: 1_000 };
const env = emulators();
const sqs = localSqs();
const queueName = `alertgate-${env.stage}-notification-retries`;

let receiver: RecordingServer;
beforeAll(async () => {
  receiver = await startRecordingServer();
});
afterAll(async () => {
  await receiver.close();
});

/** Takes the tenant's messages off the resend queue (others' are left to time out back). */
async function takeResends(tenant: string) {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const mine = [];
  for (let round = 0; round < 10; round++) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    mine.push(
      ...Messages.map((message) => parseMessage(notificationRetrySchema, { body: message.Body ?? '' })).filter((m) => m.tenant === tenant),
    );
    if (mine.length > 0) return mine;
  }
  return mine;
}

describe('resending a failed notification through the queue', () => {
  it('audits the failure, queues the resend, and delivers it once with the same delivery id', async () => {
    const tenant = freshTenant('resend');
    const target: NotificationTarget = { id: 'ops-hook', type: 'webhook', url: `${receiver.url}/hook`, events: ['requested'] };
    const event = notificationEvent({ tenant, approvalId: 'ap1' });
    const audit = new RecordingAuditLog();
    const recording: RecordingDeps = {
      send: (targets, e) => notify(targets, e, { resolveSecret: fakeSecrets({}).resolve, policy: POLICY, fetch: localFetch }),
      audit,
      log: recordingLog(),
      retries: new SqsNotificationRetries(sqs, queueName),
      // No wait in the test; the delay itself is SQS's to keep.
      retryDelaysSeconds: [0, 0],
    };

    receiver.replyAlways({ status: 503, body: 'down' });
    await sendAndRecord(recording, [target], event, 'corr-resend');
    expect(audit.events.map((e) => [e.type, e.data.willRetry])).toEqual([['notification.failed', true]]);
    const firstDelivery = receiver.requests.map((request) => header(request, 'x-alertgate-delivery'));

    const [queued, ...more] = await takeResends(tenant);
    expect(more).toEqual([]);
    expect(queued).toEqual({ tenant, targetId: 'ops-hook', event, retry: 1, correlationId: 'corr-resend' });
    if (queued === undefined) throw new Error('nothing queued');

    receiver.requests.length = 0;
    receiver.replyAlways({ status: 204 });
    const approvals = new InMemoryApprovalStore();
    await approvals.create(storedApproval({ tenant, id: 'ap1' }));
    const configOf = async () => ({ ...DEFAULT_TENANT_CONFIG, notifications: { targets: [{ ...target, events: [...target.events] }] } });
    expect(await resendNotification({ ...recording, configOf, approvals, incidents: { get: async () => undefined } }, queued)).toBe('sent');

    expect(receiver.requests.map((request) => header(request, 'x-alertgate-delivery'))).toEqual([firstDelivery[0]]);
    expect(audit.events.map((e) => [e.type, e.data.retry, e.data.willRetry])).toEqual([
      ['notification.failed', 0, true],
      ['notification.sent', 1, false],
    ]);
    expect(await takeResends(tenant)).toEqual([]);
  });
});
