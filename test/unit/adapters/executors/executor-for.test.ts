import { describe, expect, it } from 'vitest';
import { AlertmanagerSilenceExecutor } from '../../../../shared/adapters/executors/alertmanager-silence-executor.ts';
import { DryRunExecutor } from '../../../../shared/adapters/executors/dry-run-executor.ts';
import { executorFor, executorNameFor } from '../../../../shared/adapters/executors/executor-for.ts';
import { SsmAutomationExecutor } from '../../../../shared/adapters/executors/ssm-automation-executor.ts';
import { WebhookExecutor } from '../../../../shared/adapters/executors/webhook-executor.ts';
import type { ActionName } from '../../../../shared/domain/actions/registry.ts';
import { DEFAULT_REMEDIATION_CONFIG, remediationConfigSchema } from '../../../../shared/domain/remediation/executor-config.ts';
import { localFetch } from '../../../support/local-egress.ts';
import { executionRequest, fakeSecrets, freshBreakers, liveConfig } from '../../../support/remediation-fixtures.ts';

const deps = {
  fetch: localFetch,
  resolveSecret: fakeSecrets().resolve,
  now: () => Date.parse('2025-01-10T09:06:00.000Z'),
  env: {},
  breakers: freshBreakers(),
};

describe('choosing an executor', () => {
  it.each<[ActionName, string]>([
    ['notify', 'none'],
    ['silence_alert', 'dry-run'],
    ['invoke_webhook', 'dry-run'],
    ['run_ssm_automation', 'dry-run'],
    ['restart_workload', 'dry-run'],
    ['drain_node', 'dry-run'],
  ])('runs %s with %s for a tenant that did not go live', (action, expected) => {
    expect(executorNameFor(action, DEFAULT_REMEDIATION_CONFIG)).toBe(expected);
  });

  it.each<[ActionName, string]>([
    ['notify', 'none'],
    ['silence_alert', 'alertmanager'],
    ['invoke_webhook', 'webhook'],
    ['run_ssm_automation', 'ssm-automation'],
    ['restart_workload', 'dry-run'],
    ['scale_workload', 'dry-run'],
    ['rollback_deployment', 'dry-run'],
    ['drain_node', 'dry-run'],
  ])('runs %s with %s for a live tenant', (action, expected) => {
    expect(executorNameFor(action, liveConfig())).toBe(expected);
  });

  it('builds the live executor of each live action', () => {
    expect(executorFor('silence_alert', liveConfig(), deps)).toBeInstanceOf(AlertmanagerSilenceExecutor);
    expect(executorFor('invoke_webhook', liveConfig(), deps)).toBeInstanceOf(WebhookExecutor);
    expect(executorFor('run_ssm_automation', liveConfig(), deps)).toBeInstanceOf(SsmAutomationExecutor);
    expect(executorFor('invoke_webhook', DEFAULT_REMEDIATION_CONFIG, deps)).toBeInstanceOf(DryRunExecutor);
  });

  it('answers notify with nothing to execute', async () => {
    const outcome = await executorFor('notify', liveConfig(), deps).execute(executionRequest('notify', {}));

    expect(outcome).toEqual({ status: 'succeeded', executor: 'none', at: '2025-01-10T09:06:00.000Z', detail: 'notified' });
  });

  it('says a Kubernetes action ran as a dry run because it has no live executor yet', async () => {
    const request = executionRequest('restart_workload', { namespace: 'payments', name: 'api' });

    const outcome = await executorFor('restart_workload', liveConfig(), deps).execute(request);

    expect(outcome.status).toBe('dry-run');
    expect(outcome.detail).toBe('dry-run (no live executor for restart_workload yet): would restart deployment payments/api');
    expect(outcome.request).toBeUndefined();
  });

  it("says an action ran as a dry run because of the tenant's setting", async () => {
    const request = executionRequest('scale_workload', { namespace: 'payments', name: 'api', replicas: 4 });

    const outcome = await executorFor('scale_workload', DEFAULT_REMEDIATION_CONFIG, deps).execute(request);

    expect(outcome.detail).toMatch(/^dry-run \(the tenant's executor is dry-run\): would scale deployment payments\/api to 4 replicas/);
  });
});

describe('the remediation config', () => {
  it('is dry-run with nothing configured by default', () => {
    expect(remediationConfigSchema.parse({})).toEqual({ executor: 'dry-run', webhooks: [] });
  });

  it('refuses two webhooks with the same id', () => {
    const webhook = { id: 'w', url: 'https://hooks.example.com/a', secretRef: 'env:ALERTGATE_WEBHOOK_A' };

    expect(remediationConfigSchema.safeParse({ webhooks: [webhook, webhook] }).success).toBe(false);
  });

  it('refuses an SSM role that is not an IAM role named alertgate-remediation… (the only roles the executor may assume)', () => {
    const accepts = (roleArn: string) => remediationConfigSchema.safeParse({ ssm: { roleArn } }).success;
    expect(accepts('arn:aws:iam::123456789012:user/alice')).toBe(false);
    expect(accepts('arn:aws:iam::123456789012:role/ops/alertgate-remediation')).toBe(false);
    expect(accepts('arn:aws:iam::123456789012:role/admin')).toBe(false);
    expect(accepts('arn:aws:iam::123456789012:role/alertgate-remediation-prod')).toBe(true);
  });

  it('refuses a webhook URL that is not http(s)', () => {
    const webhook = { id: 'w', url: 'file:///etc/passwd', secretRef: 'env:ALERTGATE_WEBHOOK_A' };

    expect(remediationConfigSchema.safeParse({ webhooks: [webhook] }).success).toBe(false);
  });
});
