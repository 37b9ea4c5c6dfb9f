import { describe, expect, it } from 'vitest';
import { AlertmanagerSilenceExecutor } from '../../../../shared/adapters/executors/alertmanager-silence-executor.ts';
import { DryRunExecutor } from '../../../../shared/adapters/executors/dry-run-executor.ts';
import { redactHeaders, redactUrl } from '../../../../shared/adapters/executors/redaction.ts';
import { WebhookExecutor } from '../../../../shared/adapters/executors/webhook-executor.ts';
import type { RecordedRequest } from '../../../../shared/domain/remediation/execution-outcome.ts';
import { DEFAULT_REMEDIATION_CONFIG } from '../../../../shared/domain/remediation/executor-config.ts';
import { executionRequest, fakeSecrets, freshBreakers, liveConfig, SECRETS, scriptedFetch } from '../../../support/remediation-fixtures.ts';

const NOW = Date.parse('2025-01-10T09:06:00.000Z');
const now = () => NOW;
const ENV = { AWS_REGION: 'us-east-1' };

function dryRun(config = liveConfig()) {
  return new DryRunExecutor({ config, reason: "the tenant's executor is dry-run", env: ENV, now });
}

/** What a live executor put on the wire, in the form an outcome records it. */
function asRecorded(sent: { url: string; method: string; headers: Record<string, string>; body: string }): RecordedRequest {
  return { method: sent.method, url: redactUrl(sent.url), headers: redactHeaders(sent.headers), body: JSON.parse(sent.body) };
}

describe('a dry run of invoke_webhook', () => {
  const request = executionRequest('invoke_webhook', { target: 'restart-api', template: 'api' });

  it('records the very request the webhook executor sends', async () => {
    const wire = scriptedFetch({ status: 204 });
    const live = new WebhookExecutor({
      breakers: freshBreakers(),
      webhooks: liveConfig().webhooks,
      resolveSecret: fakeSecrets(SECRETS).resolve,
      fetch: wire.fetch,
      now,
    });

    const rehearsed = await dryRun().execute(request);
    await live.execute(request);

    expect(rehearsed.status).toBe('dry-run');
    expect(rehearsed.executor).toBe('dry-run');
    expect(wire.sent).toHaveLength(1);
    const [sent] = wire.sent;
    if (sent === undefined) throw new Error('nothing sent');
    // fetch lower-cases header names; the record keeps the executor's own spelling.
    const lowered = (headers: Readonly<Record<string, string>> = {}) =>
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    expect({ ...rehearsed.request, headers: lowered(rehearsed.request?.headers) }).toEqual(asRecorded(sent));
  });

  it('shows the body receivers get: the action, the payload, the alert and a stable delivery id', async () => {
    const outcome = await dryRun().execute(request);

    expect(outcome.detail).toBe("dry-run (the tenant's executor is dry-run): would POST a signed request to webhook restart-api");
    expect(outcome.request?.url).toBe('https://hooks.example.com/…');
    expect(outcome.request?.body).toMatchObject({
      type: 'alertgate.remediation',
      tenant: 'acme',
      approvalId: 'ap_01JXYZ',
      requestedBy: 'user:alice@example.com',
      action: { name: 'invoke_webhook', target: 'restart-api' },
      payload: { deployment: 'api' },
      alert: { id: 'al_01JABCDEF', name: 'KubePodCrashLooping', labels: { namespace: 'payments' } },
    });
    expect(outcome.request?.headers).toMatchObject({
      'X-Alertgate-Timestamp': String(NOW / 1000),
      'X-Alertgate-Signature': 'v1=<redacted>',
    });
    const again = await dryRun().execute(request);
    expect(again.request?.headers['X-Alertgate-Delivery']).toBe(outcome.request?.headers['X-Alertgate-Delivery']);
  });

  it('says nothing would be sent to a webhook the tenant did not configure', async () => {
    const outcome = await dryRun().execute(executionRequest('invoke_webhook', { target: 'nope' }));

    expect(outcome).toEqual({
      status: 'dry-run',
      executor: 'dry-run',
      at: '2025-01-10T09:06:00.000Z',
      detail: `dry-run (the tenant's executor is dry-run): nothing would be sent: no remediation webhook "nope" is configured`,
    });
  });
});

describe('invoke_webhook payloads', () => {
  it("send only the tenant's templates: a payload of the proposer's own, or an unknown template, sends nothing", async () => {
    const smuggled = await dryRun().execute(executionRequest('invoke_webhook', { target: 'restart-api', payload: { cmd: 'rm -rf /' } }));
    expect(smuggled.detail).toMatch(/nothing would be sent: invalid params for invoke_webhook/);
    const unknown = await dryRun().execute(executionRequest('invoke_webhook', { target: 'restart-api', template: 'wipe' }));
    expect(unknown.detail).toMatch(/webhook restart-api has no payload template "wipe"/);
  });
});

describe('a dry run of silence_alert', () => {
  const request = executionRequest('silence_alert', { minutes: 30, comment: 'deploy in progress' });

  it('records the very silence the Alertmanager executor creates', async () => {
    const wire = scriptedFetch({ status: 200, body: '{"silenceID":"s-1"}' });
    const live = new AlertmanagerSilenceExecutor({
      breakers: freshBreakers(),
      alertmanager: liveConfig().alertmanager,
      resolveSecret: fakeSecrets(SECRETS).resolve,
      fetch: wire.fetch,
      now,
    });

    const rehearsed = await dryRun().execute(request);
    await live.execute(request);

    const [sent] = wire.sent;
    if (sent === undefined) throw new Error('nothing sent');
    expect(rehearsed.request).toEqual(asRecorded(sent));
  });

  it('matches every label of the alert exactly, from now for the minutes asked', async () => {
    const outcome = await dryRun().execute(request);

    expect(outcome.request).toEqual({
      method: 'POST',
      url: 'https://alertmanager.example.com/…',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'alertgate',
        authorization: 'Bearer <redacted>',
      },
      body: {
        matchers: [
          { name: 'alertname', value: 'KubePodCrashLooping', isRegex: false, isEqual: true },
          { name: 'namespace', value: 'payments', isRegex: false, isEqual: true },
          { name: 'pod', value: 'api-7d9', isRegex: false, isEqual: true },
          { name: 'severity', value: 'critical', isRegex: false, isEqual: true },
        ],
        startsAt: '2025-01-10T09:06:00.000Z',
        endsAt: '2025-01-10T09:36:00.000Z',
        createdBy: 'alertgate',
        comment: 'deploy in progress (approval ap_01JXYZ, alert al_01JABCDEF, requested by user:alice@example.com)',
      },
    });
  });

  it('says nothing would be sent when the tenant configured no Alertmanager', async () => {
    const outcome = await dryRun(DEFAULT_REMEDIATION_CONFIG).execute(request);

    expect(outcome.detail).toMatch(/nothing would be sent: no Alertmanager is configured/);
    expect(outcome.request).toBeUndefined();
  });

  it('says nothing would be sent for params the action refuses', async () => {
    const outcome = await dryRun().execute(executionRequest('silence_alert', { minutes: 2 }));

    expect(outcome.detail).toMatch(/nothing would be sent: invalid params for silence_alert: minutes: /);
  });
});

describe('a dry run of run_ssm_automation', () => {
  it('records the StartAutomationExecution call, with a stable client token', async () => {
    const request = executionRequest('run_ssm_automation', {
      documentName: 'AWS-RestartEC2Instance',
      parameters: { InstanceId: ['i-0abc'] },
    });

    const outcome = await dryRun().execute(request);

    expect(outcome.detail).toBe(
      "dry-run (the tenant's executor is dry-run): would start SSM automation AWS-RestartEC2Instance in eu-west-1 as arn:aws:iam::123456789012:role/alertgate-remediation",
    );
    expect(outcome.request).toEqual({
      method: 'POST',
      url: 'https://ssm.eu-west-1.amazonaws.com/…',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.StartAutomationExecution' },
      body: {
        DocumentName: 'AWS-RestartEC2Instance',
        Parameters: { InstanceId: ['i-0abc'] },
        ClientToken: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        Tags: [
          { Key: 'alertgate:tenant', Value: 'acme' },
          { Key: 'alertgate:approval', Value: 'ap_01JXYZ' },
          { Key: 'alertgate:alert', Value: 'al_01JABCDEF' },
        ],
      },
    });
  });

  it('says nothing would be sent without a role in the tenant account', async () => {
    const outcome = await dryRun(DEFAULT_REMEDIATION_CONFIG).execute(
      executionRequest('run_ssm_automation', { documentName: 'AWS-RestartEC2Instance' }),
    );

    expect(outcome.detail).toMatch(/nothing would be sent: no role to run SSM automation with \(remediation\.ssm\.roleArn\)/);
  });

  it('says nothing would be sent for a document outside the allowed list', async () => {
    const config = liveConfig({
      ssm: { roleArn: 'arn:aws:iam::123456789012:role/alertgate-remediation-r', allowedDocuments: ['AWS-RestartEC2Instance'] },
    });

    const outcome = await dryRun(config).execute(executionRequest('run_ssm_automation', { documentName: 'AWS-RunShellScript' }));

    expect(outcome.detail).toMatch(/"AWS-RunShellScript" is not in remediation\.ssm\.allowedDocuments/);
  });

  it('says nothing would be sent when no document is allowed, nor for a document given by ARN', async () => {
    const open = liveConfig({ ssm: { roleArn: 'arn:aws:iam::123456789012:role/alertgate-remediation-r' } });
    const outcome = await dryRun(open).execute(executionRequest('run_ssm_automation', { documentName: 'AWS-RestartEC2Instance' }));
    expect(outcome.detail).toMatch(/no SSM document may run: list them in remediation\.ssm\.allowedDocuments/);
    const shared = 'arn:aws:ssm:eu-west-1:999999999999:document/Helpful';
    const byArn = await dryRun().execute(executionRequest('run_ssm_automation', { documentName: shared }));
    expect(byArn.detail).toMatch(/documentName: must be a document name, not an ARN/);
  });
});
