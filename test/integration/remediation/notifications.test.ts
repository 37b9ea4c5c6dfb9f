import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { notify } from '../../../shared/adapters/notifications/notify.ts';
import { slackMessage } from '../../../shared/adapters/notifications/slack-message.ts';
import type { DeliveryPolicy } from '../../../shared/adapters/outbound-http/http-delivery.ts';
import { verifyWebhookSignature } from '../../../shared/adapters/outbound-http/webhook-signature.ts';
import type { NotificationTarget } from '../../../shared/domain/notifications/notification-event.ts';
import { notificationDeliveryId } from '../../../shared/domain/notifications/notification-event.ts';
import { localFetch } from '../../support/local-egress.ts';
import { fakeSecrets, notificationEvent } from '../../support/remediation-fixtures.ts';
import { header, jsonOf, type RecordingServer, startRecordingServer } from './recording-server.ts';

const POLICY: DeliveryPolicy = { attemptTimeoutMs: 300, maxRetries: 2, initialDelayMs: 10, maxDelayMs: 30, budgetMs: 1_500 };
const NOTIFY_SECRET = 'notify-secret-7a0c3e9f';
const SLACK_PATH = '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

let slack: RecordingServer;
let receiver: RecordingServer;
let failing: RecordingServer;

beforeAll(async () => {
  [slack, receiver, failing] = await Promise.all([startRecordingServer(), startRecordingServer(), startRecordingServer()]);
});
afterAll(async () => {
  await Promise.all([slack.close(), receiver.close(), failing.close()]);
});
beforeEach(() => {
  for (const server of [slack, receiver, failing]) server.requests.length = 0;
  slack.replyAlways({ status: 200, body: 'ok' });
  receiver.replyAlways({ status: 204 });
  failing.replyAlways({ status: 503, body: 'down' });
});

const ALL = ['requested', 'decided', 'expired', 'executed'] as const;
const deps = { resolveSecret: fakeSecrets({ 'env:ALERTGATE_WEBHOOK_NOTIFY': NOTIFY_SECRET }).resolve, policy: POLICY, fetch: localFetch };

function slackTarget(): NotificationTarget {
  return { id: 'ops-slack', type: 'slack', url: `${slack.url}${SLACK_PATH}`, events: ALL };
}

describe('notifying Slack', () => {
  it('posts the Block Kit message with a button to the approval', async () => {
    const event = notificationEvent();

    const results = await notify([slackTarget()], event, deps);

    expect(results).toEqual([{ targetId: 'ops-slack', type: 'slack', ok: true, attempts: 1, status: 200 }]);
    expect(slack.requests).toHaveLength(1);
    const [received] = slack.requests;
    if (received === undefined) throw new Error('nothing received');
    expect(received.path).toBe(SLACK_PATH);
    expect(header(received, 'content-type')).toBe('application/json');
    const body = jsonOf(received);
    expect(body).toEqual(JSON.parse(JSON.stringify(slackMessage(event))));
    expect(body).toMatchObject({
      text: 'Approval requested: restart_workload — KubePodCrashLooping',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Approval requested: restart_workload' } },
        { type: 'section', fields: expect.arrayContaining([{ type: 'mrkdwn', text: '*Risk*\nmedium' }]) },
        { type: 'context' },
        {
          type: 'actions',
          elements: [{ type: 'button', url: 'https://alertgate.example.com/approvals/ap_01JXYZ', action_id: 'open_approval' }],
        },
      ],
    });
  });

  it('retries a rate-limited post', async () => {
    slack.reply({ status: 429, body: 'rate_limited' });

    const [result] = await notify([slackTarget()], notificationEvent(), deps);

    expect(result).toMatchObject({ ok: true, attempts: 2 });
  });

  it('records an invalid payload without retrying, and never the webhook URL (it is a secret)', async () => {
    slack.reply({ status: 400, body: 'invalid_payload' });

    const results = await notify([slackTarget()], notificationEvent(), deps);

    expect(results).toEqual([
      { targetId: 'ops-slack', type: 'slack', ok: false, attempts: 1, status: 400, error: 'answered 400', retryable: false },
    ]);
    expect(JSON.stringify(results)).not.toContain(SLACK_PATH);
  });
});

describe('notifying a generic webhook', () => {
  it('posts the event as JSON, signed with the target secret, with a stable delivery id', async () => {
    const event = notificationEvent({ type: 'decided', decision: { status: 'approved', by: ['user:bob'] } });
    const target: NotificationTarget = {
      id: 'audit-hook',
      type: 'webhook',
      url: `${receiver.url}/notify`,
      events: ALL,
      secretRef: 'env:ALERTGATE_WEBHOOK_NOTIFY',
    };

    const results = await notify([target], event, deps);

    expect(results).toEqual([{ targetId: 'audit-hook', type: 'webhook', ok: true, attempts: 1, status: 204 }]);
    const [received] = receiver.requests;
    if (received === undefined) throw new Error('nothing received');
    const signed = verifyWebhookSignature(
      NOTIFY_SECRET,
      header(received, 'x-alertgate-timestamp'),
      received.raw,
      header(received, 'x-alertgate-signature'),
      300,
    );
    expect(signed).toBe(true);
    expect(header(received, 'x-alertgate-delivery')).toBe(notificationDeliveryId(event));
    expect(jsonOf(received)).toEqual({
      type: 'alertgate.notification',
      deliveryId: notificationDeliveryId(event),
      event: 'decided',
      tenant: 'acme',
      approvalId: 'ap_01JXYZ',
      alert: event.alert,
      action: event.action,
      risk: 'medium',
      mode: 'approval',
      deadline: event.deadline,
      decision: { status: 'approved', by: ['user:bob'] },
      link: 'https://alertgate.example.com/approvals/ap_01JXYZ',
      at: event.at,
    });
  });

  it('sends nothing and records why when the signing secret cannot be read', async () => {
    const target: NotificationTarget = {
      id: 'h',
      type: 'webhook',
      url: `${receiver.url}/n`,
      events: ALL,
      secretRef: 'env:ALERTGATE_WEBHOOK_GONE',
    };

    const [result] = await notify([target], notificationEvent(), deps);

    expect(result).toMatchObject({
      ok: false,
      attempts: 0,
      error: expect.stringMatching(/^could not resolve the signing secret/),
      retryable: false,
    });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('notifying several targets', () => {
  it('delivers to the healthy ones while a failing one is retried and recorded', async () => {
    const targets: NotificationTarget[] = [
      { id: 'broken', type: 'webhook', url: `${failing.url}/n`, events: ALL },
      slackTarget(),
      { id: 'hook', type: 'webhook', url: `${receiver.url}/n`, events: ALL },
    ];

    const results = await notify(targets, notificationEvent(), deps);

    expect(results).toEqual([
      {
        targetId: 'broken',
        type: 'webhook',
        ok: false,
        attempts: 3,
        status: 503,
        error: 'answered 503, after 3 attempts',
        retryable: true,
      },
      { targetId: 'ops-slack', type: 'slack', ok: true, attempts: 1, status: 200 },
      { targetId: 'hook', type: 'webhook', ok: true, attempts: 1, status: 204 },
    ]);
    expect(failing.requests).toHaveLength(3);
  });

  it('returns within its budget when a target never answers, the others delivered meanwhile', async () => {
    failing.replyAlways({ hang: true });

    const results = await notify(
      [
        { id: 'hanging', type: 'webhook', url: `${failing.url}/n`, events: ALL },
        { id: 'hook', type: 'webhook', url: `${receiver.url}/n`, events: ALL },
      ],
      notificationEvent(),
      { ...deps, policy: { ...POLICY, maxRetries: 10 } },
    );

    expect(results[0]).toMatchObject({
      targetId: 'hanging',
      ok: false,
      error: expect.stringMatching(/^gave up: the 1500 ms budget ran out/),
    });
    expect(results[1]).toMatchObject({ targetId: 'hook', ok: true });
    expect(receiver.requests).toHaveLength(1);
  });

  it('never throws, even when a target cannot be reached at all', async () => {
    const gone = await startRecordingServer();
    await gone.close();

    const results = await notify([{ id: 'gone', type: 'slack', url: `${gone.url}/x`, events: ALL }], notificationEvent(), deps);

    expect(results).toEqual([
      { targetId: 'gone', type: 'slack', ok: false, attempts: 3, error: 'network error: ECONNREFUSED, after 3 attempts', retryable: true },
    ]);
  });

  it('only notifies the targets subscribed to the event', async () => {
    const targets: NotificationTarget[] = [
      { id: 'decisions-only', type: 'webhook', url: `${receiver.url}/n`, events: ['decided'] },
      { ...slackTarget(), events: ['requested', 'expired'] },
    ];

    const results = await notify(targets, notificationEvent({ type: 'expired', decision: { status: 'expired' } }), deps);

    expect(results.map((result) => result.targetId)).toEqual(['ops-slack']);
    expect(receiver.requests).toHaveLength(0);
    expect(slack.requests).toHaveLength(1);
  });
});
