import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, WebhookExecutor } from '../../../shared/adapters/executors/webhook-executor.ts';
import { type DeliveryPolicy, isTransientFailure } from '../../../shared/adapters/outbound-http/http-delivery.ts';
import { TargetBreakers } from '../../../shared/adapters/outbound-http/target-breakers.ts';
import type { RemediationWebhook } from '../../../shared/domain/remediation/executor-config.ts';
import { localFetch } from '../../support/local-egress.ts';
import { answered, executionRequest, fakeSecrets, WEBHOOK_SECRET } from '../../support/remediation-fixtures.ts';
import { header, jsonOf, type ReceivedRequest, type RecordingServer, startRecordingServer } from './recording-server.ts';

const POLICY: DeliveryPolicy = { attemptTimeoutMs: 400, maxRetries: 2, initialDelayMs: 20, maxDelayMs: 50, budgetMs: 5_000 };
const REF = 'env:ALERTGATE_WEBHOOK_RESTART';

let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.replyAlways({ status: 200, body: '{"ok":true}' });
});

function executor(options: { breakers?: TargetBreakers; policy?: DeliveryPolicy; webhooks?: RemediationWebhook[] } = {}) {
  return new WebhookExecutor({
    fetch: localFetch,
    webhooks: options.webhooks ?? [
      {
        id: 'restart-api',
        url: `${server.url}/hooks/restart`,
        secretRef: REF,
        templates: { payments: { deployment: 'api', namespace: 'payments' } },
      },
    ],
    resolveSecret: fakeSecrets({ [REF]: WEBHOOK_SECRET }).resolve,
    breakers: options.breakers ?? new TargetBreakers(isTransientFailure),
    policy: options.policy ?? POLICY,
  });
}

const request = executionRequest('invoke_webhook', { target: 'restart-api', template: 'payments' });

function signatureValid(received: ReceivedRequest): boolean {
  return verifyWebhookSignature(
    WEBHOOK_SECRET,
    header(received, 'x-alertgate-timestamp'),
    received.raw,
    header(received, 'x-alertgate-signature'),
    300,
  );
}

describe('the webhook executor', () => {
  it('POSTs the action as signed JSON to the configured URL and records the answer', async () => {
    server.reply({ status: 202, body: '{"accepted":true,"job":"j-42"}' });

    const outcome = await executor().execute(request);

    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    if (received === undefined) throw new Error('no request');
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/hooks/restart');
    expect(header(received, 'content-type')).toBe('application/json');
    expect(signatureValid(received)).toBe(true);
    expect(jsonOf(received)).toMatchObject({
      type: 'alertgate.remediation',
      deliveryId: header(received, 'x-alertgate-delivery'),
      approvalId: 'ap_01JXYZ',
      payload: { deployment: 'api', namespace: 'payments' },
      alert: { id: 'al_01JABCDEF' },
    });
    expect(outcome).toMatchObject({
      status: 'succeeded',
      executor: 'webhook',
      detail: 'webhook restart-api answered 202',
      response: answered(202, '{"accepted":true,"job":"j-42"}'),
      attempts: 1,
    });
    expect(outcome.request?.body).toEqual(jsonOf(received));
  });

  it('retries a 500 and succeeds, sending the same body and delivery id, each attempt signed', async () => {
    server.reply({ status: 500, body: 'boom' });

    const outcome = await executor().execute(request);

    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [first, second] = server.requests;
    if (first === undefined || second === undefined) throw new Error('expected two requests');
    expect(second.raw.equals(first.raw)).toBe(true);
    expect(header(second, 'x-alertgate-delivery')).toBe(header(first, 'x-alertgate-delivery'));
    expect(signatureValid(first) && signatureValid(second)).toBe(true);
  });

  it('gives up on a target that does not answer in time, after its retries', async () => {
    server.replyAlways({ hang: true });

    const outcome = await executor({ policy: { ...POLICY, maxRetries: 1 } }).execute(request);

    expect(outcome).toMatchObject({ status: 'failed', error: 'timed out after 400 ms, after 2 attempts', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('stops at its budget, however many retries are left', async () => {
    server.replyAlways({ hang: true });

    const outcome = await executor({ policy: { ...POLICY, maxRetries: 10, budgetMs: 1_000 } }).execute(request);

    // 400 ms attempts in a 1 s budget: the budget, not the ten retries, ended it.
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/^gave up: the 1000 ms budget ran out/);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('fails on a 400 without retrying, keeping what the target said', async () => {
    server.reply({ status: 400, body: '{"error":"unknown deployment"}' });

    const outcome = await executor().execute(request);

    expect(server.requests).toHaveLength(1);
    expect(outcome).toMatchObject({
      status: 'failed',
      error: 'answered 400',
      response: answered(400, '{"error":"unknown deployment"}'),
      attempts: 1,
    });
  });

  it('does not follow a redirect', async () => {
    server.reply({ status: 307, body: '' });

    const outcome = await executor().execute(request);

    expect(server.requests).toHaveLength(1);
    expect(outcome).toMatchObject({ status: 'failed', error: 'answered 307: redirects are not followed' });
  });

  it('opens the circuit of a failing target, then refuses without calling it, while other targets still work', async () => {
    server.replyAlways({ status: 503, body: 'unavailable' });
    const breakers = new TargetBreakers(isTransientFailure, { threshold: 3, halfOpenAfterMs: 60_000 });
    const webhooks = [
      { id: 'restart-api', url: `${server.url}/hooks/restart`, secretRef: REF, templates: { payments: {} } },
      { id: 'other', url: `${server.url}/hooks/other`, secretRef: REF, templates: { payments: {} } },
    ];
    const subject = executor({ breakers, webhooks });

    const first = await subject.execute(request);
    const second = await subject.execute(request);

    expect(first).toMatchObject({ status: 'failed', error: 'answered 503, after 3 attempts', attempts: 3 });
    expect(second).toMatchObject({ status: 'failed', error: 'circuit open', attempts: 0 });
    expect(server.requests).toHaveLength(3);

    server.replyAlways({ status: 200, body: '{}' });
    const other = await subject.execute(executionRequest('invoke_webhook', { target: 'other' }));
    expect(other.status).toBe('succeeded');
    expect(server.requests.at(-1)?.path).toBe('/hooks/other');
  });

  it('lets one probe through once the circuit has been open long enough, and closes it when the target is back', async () => {
    server.replyAlways({ status: 503 });
    const breakers = new TargetBreakers(isTransientFailure, { threshold: 2, halfOpenAfterMs: 200 });
    const subject = executor({ breakers, policy: { ...POLICY, maxRetries: 1 } });
    await subject.execute(request);
    expect((await subject.execute(request)).error).toBe('circuit open');

    server.replyAlways({ status: 200, body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 250));

    expect((await subject.execute(request)).status).toBe('succeeded');
    expect((await subject.execute(request)).status).toBe('succeeded');
  });

  it('fails when the target refuses the connection, after retrying', async () => {
    const closed = await startRecordingServer();
    const url = closed.url;
    await closed.close();

    const outcome = await executor({ webhooks: [{ id: 'restart-api', url, secretRef: REF, templates: { payments: {} } }] }).execute(
      request,
    );

    expect(outcome).toMatchObject({ status: 'failed', error: 'network error: ECONNREFUSED, after 3 attempts', attempts: 3 });
  });
});
