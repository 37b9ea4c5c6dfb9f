/**
 * The egress policy on every kind of tenant-configured URL at send time: a remediation webhook,
 * an Alertmanager, a notification target and an LLM `baseUrl` pointed at internal addresses are
 * refused before any connection, and the refusal is recorded, not retried.
 */
import { describe, expect, it } from 'vitest';
import { AlertmanagerSilenceExecutor } from '../../../../shared/adapters/executors/alertmanager-silence-executor.ts';
import { WebhookExecutor } from '../../../../shared/adapters/executors/webhook-executor.ts';
import { ProviderError } from '../../../../shared/adapters/llm/llm-client.ts';
import { OpenAiLlmClient } from '../../../../shared/adapters/llm/openai-client.ts';
import { notify } from '../../../../shared/adapters/notifications/notify.ts';
import { egressFetch } from '../../../../shared/adapters/outbound-http/egress.ts';
import { remediationConfigSchema } from '../../../../shared/domain/remediation/executor-config.ts';
import { executionRequest, fakeSecrets, freshBreakers, notificationEvent, SECRETS } from '../../../support/remediation-fixtures.ts';

const cloudFetch = egressFetch({ local: false, allowInternal: [] });

const internal = remediationConfigSchema.parse({
  executor: 'live',
  webhooks: [{ id: 'restart-api', url: 'https://10.0.0.5:8080/internal/admin', secretRef: 'env:ALERTGATE_WEBHOOK_RESTART' }],
  alertmanager: { url: 'https://[::1]:9093/' },
});

describe('at send time, the egress policy', () => {
  it('refuses a remediation webhook on a private address, once, as a recorded failure', async () => {
    const executor = new WebhookExecutor({
      breakers: freshBreakers(),
      webhooks: internal.webhooks,
      resolveSecret: fakeSecrets(SECRETS).resolve,
      fetch: cloudFetch,
    });
    const outcome = await executor.execute(executionRequest('invoke_webhook', { target: 'restart-api' }));
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1, error: 'egress refused: 10.0.0.5 is a private address' });
    expect(outcome.request?.url).toBe('https://10.0.0.5:8080/…');
  });

  it('refuses an Alertmanager on loopback', async () => {
    const executor = new AlertmanagerSilenceExecutor({
      breakers: freshBreakers(),
      alertmanager: internal.alertmanager ?? { url: '' },
      resolveSecret: fakeSecrets(SECRETS).resolve,
      fetch: cloudFetch,
    });
    const outcome = await executor.execute(executionRequest('silence_alert', { minutes: 30 }));
    expect(outcome).toMatchObject({ status: 'failed', error: 'egress refused: ::1 is a loopback address' });
  });

  it('refuses a notification target on the metadata address, naming no URL', async () => {
    const [result] = await notify(
      [{ id: 'ops', type: 'webhook', url: 'https://169.254.169.254/latest/meta-data/', events: ['requested'] }],
      notificationEvent(),
      { resolveSecret: fakeSecrets(SECRETS).resolve, fetch: cloudFetch },
    );
    expect(result).toMatchObject({ ok: false, attempts: 1, error: 'egress refused: 169.254.169.254 is a linkLocal address' });
  });

  it('refuses an LLM provider whose baseUrl is plain http, without sending the key', async () => {
    const client = new OpenAiLlmClient({ model: 'gpt-4o-mini', baseUrl: 'http://api.example.com/v1', apiKey: 'sk-x', fetch: cloudFetch });
    const failure = await client
      .complete({ system: 's', user: 'u', maxTokens: 10, signal: new AbortController().signal })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ kind: 'egress', retryable: false, message: 'egress refused: plain http is refused; use https' });
  });
});
