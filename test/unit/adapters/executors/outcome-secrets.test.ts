import { describe, expect, it } from 'vitest';
import { AlertmanagerSilenceExecutor } from '../../../../shared/adapters/executors/alertmanager-silence-executor.ts';
import { DryRunExecutor } from '../../../../shared/adapters/executors/dry-run-executor.ts';
import { redactHeaders, redactUrl } from '../../../../shared/adapters/executors/redaction.ts';
import { WebhookExecutor } from '../../../../shared/adapters/executors/webhook-executor.ts';
import type { ExecutionOutcome } from '../../../../shared/domain/remediation/execution-outcome.ts';
import { alertmanagerTargetSchema } from '../../../../shared/domain/remediation/executor-config.ts';
import {
  ALERTMANAGER_TOKEN,
  executionRequest,
  fakeSecrets,
  freshBreakers,
  liveConfig,
  SECRETS,
  scriptedFetch,
  WEBHOOK_SECRET,
} from '../../../support/remediation-fixtures.ts';

const QUERY_SECRET = 'query-secret-123';
const fast = { attemptTimeoutMs: 1_000, maxRetries: 1, initialDelayMs: 1, maxDelayMs: 2, budgetMs: 5_000 };

/** Everything an outcome would show a viewer, as one string. */
function shown(outcome: ExecutionOutcome): string {
  return JSON.stringify(outcome);
}

describe('outcomes shown to viewers', () => {
  it('hold neither the webhook secret, nor a signature, nor a token from the URL', async () => {
    const wire = scriptedFetch({ status: 200, body: '{"ok":true}' });
    const executor = new WebhookExecutor({
      breakers: freshBreakers(),
      webhooks: liveConfig().webhooks,
      resolveSecret: fakeSecrets(SECRETS).resolve,
      fetch: wire.fetch,
    });

    const outcome = await executor.execute(executionRequest('invoke_webhook', { target: 'restart-api' }));

    expect(outcome.status).toBe('succeeded');
    const signature = wire.sent[0]?.headers['x-alertgate-signature'] ?? '';
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(shown(outcome)).not.toContain(WEBHOOK_SECRET);
    expect(shown(outcome)).not.toContain(signature.slice(3));
    expect(shown(outcome)).not.toContain(QUERY_SECRET);
  });

  it('hold no part of what a target answered, only its status, size and hash', async () => {
    const echo: typeof fetch = async (_input, init) =>
      new Response(JSON.stringify({ headers: Object.fromEntries(new Headers(init?.headers).entries()), secret: WEBHOOK_SECRET }), {
        status: 400,
      });
    const executor = new WebhookExecutor({
      breakers: freshBreakers(),
      webhooks: liveConfig().webhooks,
      resolveSecret: fakeSecrets(SECRETS).resolve,
      fetch: echo,
      policy: fast,
    });

    const outcome = await executor.execute(executionRequest('invoke_webhook', { target: 'restart-api' }));

    expect(outcome.status).toBe('failed');
    expect(outcome.response).toEqual({ status: 400, bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(outcome.response?.bytes).toBeGreaterThan(100);
    expect(shown(outcome)).not.toMatch(/v1=[0-9a-f]{64}/);
    expect(shown(outcome)).not.toContain(WEBHOOK_SECRET);
  });

  it('hold no Alertmanager bearer token, even echoed', async () => {
    const echo: typeof fetch = async (_input, init) =>
      new Response(JSON.stringify({ silenceID: 's-1', seen: new Headers(init?.headers).get('authorization') }), { status: 200 });
    const executor = new AlertmanagerSilenceExecutor({
      breakers: freshBreakers(),
      alertmanager: liveConfig().alertmanager,
      resolveSecret: fakeSecrets(SECRETS).resolve,
      fetch: echo,
    });

    const outcome = await executor.execute(executionRequest('silence_alert', { minutes: 30 }));

    expect(outcome.status).toBe('succeeded');
    expect(outcome.request?.headers.authorization).toBe('Bearer <redacted>');
    expect(shown(outcome)).not.toContain(ALERTMANAGER_TOKEN);
  });

  it('hold no Alertmanager basic credentials, in clear or encoded', async () => {
    const credentials = 'silencer:pa55w0rd-long-enough';
    const wire = scriptedFetch({ status: 200, body: '{"silenceID":"s-2"}' });
    const alertmanager = alertmanagerTargetSchema.parse({
      url: 'https://am.example.com',
      authorization: { type: 'Basic', credentialsRef: 'env:ALERTGATE_SECRET_BASIC' },
    });
    const executor = new AlertmanagerSilenceExecutor({
      breakers: freshBreakers(),
      alertmanager,
      resolveSecret: fakeSecrets({ 'env:ALERTGATE_SECRET_BASIC': credentials }).resolve,
      fetch: wire.fetch,
    });

    const outcome = await executor.execute(executionRequest('silence_alert', { minutes: 30 }));

    const encoded = Buffer.from(credentials).toString('base64');
    expect(wire.sent[0]?.headers.authorization).toBe(`Basic ${encoded}`);
    expect(shown(outcome)).not.toContain(credentials);
    expect(shown(outcome)).not.toContain(encoded);
  });

  it('of a dry run never read a secret at all', async () => {
    const secrets = fakeSecrets(SECRETS);
    const executor = new DryRunExecutor({ config: liveConfig(), env: {} });

    const outcome = await executor.execute(executionRequest('invoke_webhook', { target: 'restart-api' }));

    expect(secrets.asked).toEqual([]);
    expect(shown(outcome)).not.toContain(QUERY_SECRET);
  });

  it('name a secret that could not be resolved by its reference, and nothing was sent', async () => {
    const wire = scriptedFetch({ status: 200 });
    const executor = new WebhookExecutor({
      breakers: freshBreakers(),
      webhooks: liveConfig().webhooks,
      resolveSecret: fakeSecrets({}).resolve,
      fetch: wire.fetch,
    });

    const outcome = await executor.execute(executionRequest('invoke_webhook', { target: 'restart-api' }));

    expect(outcome).toMatchObject({
      status: 'failed',
      detail: 'webhook not called',
      error: expect.stringMatching(/signing secret of webhook restart-api/),
    });
    expect(wire.sent).toEqual([]);
  });
});

describe('redaction', () => {
  it("keeps a URL's origin only: userinfo, path (Slack's secret) and query are gone", () => {
    expect(redactUrl('https://user:pw@hooks.example.com:8443/services/T000/B000/SuperSecretPathToken?token=abc')).toBe(
      'https://hooks.example.com:8443/…',
    );
    expect(redactUrl('not a url')).toBe('redacted');
  });

  it('keeps the scheme of an Authorization header and drops the credentials, whatever their form', () => {
    expect(redactHeaders({ Authorization: 'Bearer abc', authorization: 'rawtoken', 'x-api-key': 'k', accept: 'a' })).toEqual({
      Authorization: 'Bearer <redacted>',
      authorization: '<redacted>',
      'x-api-key': '<redacted>',
      accept: 'a',
    });
  });
});
