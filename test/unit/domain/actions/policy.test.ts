import { describe, expect, it } from 'vitest';
import { modeFor } from '../../../../shared/domain/actions/policy.ts';
import { DEFAULT_TENANT_CONFIG, tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';

const defaults = DEFAULT_TENANT_CONFIG.policies;

describe('the mode a policy gives an action', () => {
  it.each([
    ['notify', 'auto'],
    ['restart_workload', 'approval'],
    ['rollback_deployment', 'approval'],
    ['drain_node', 'approval-2'],
  ] as const)('defaults %s to %s off prod', (action, mode) => {
    expect(modeFor(action, { env: 'staging' }, defaults).mode).toBe(mode);
  });

  it('needs at least one approval for anything on env=prod', () => {
    expect(modeFor('notify', { env: 'prod' }, defaults)).toMatchObject({ risk: 'low', mode: 'approval' });
    expect(modeFor('drain_node', { env: 'prod' }, defaults).mode).toBe('approval-2');
  });

  it("uses the tenant's per-risk modes and its risk for SSM automations", () => {
    const policies = tenantConfigSchema.parse({
      policies: { byRisk: { medium: 'auto' }, actionRisk: { run_ssm_automation: 'critical' } },
    }).policies;
    expect(modeFor('restart_workload', {}, policies).mode).toBe('auto');
    expect(modeFor('run_ssm_automation', {}, policies)).toMatchObject({ risk: 'critical', mode: 'approval-2' });
  });

  it('lets the first matching rule with a mode win, and floors only raise', () => {
    const policies = tenantConfigSchema.parse({
      policies: {
        rules: [
          { matchers: ['team="payments"'], atLeast: 'approval-2' },
          { matchers: ['namespace=~"sandbox-.*"'], mode: 'auto' },
          { action: 'drain_node', mode: 'forbidden' },
        ],
      },
    }).policies;
    expect(modeFor('restart_workload', { namespace: 'sandbox-42' }, policies).mode).toBe('auto');
    expect(modeFor('restart_workload', { namespace: 'sandbox-42', team: 'payments' }, policies).mode).toBe('approval-2');
    expect(modeFor('drain_node', {}, policies)).toMatchObject({ mode: 'forbidden', reason: expect.stringContaining('policy rule 3') });
  });

  it('applies a floor listed after the rule that set the mode', () => {
    const policies = tenantConfigSchema.parse({
      policies: {
        rules: [
          { matchers: ['namespace=~"sandbox-.*"'], mode: 'auto' },
          { matchers: ['env="prod"'], atLeast: 'approval' },
        ],
      },
    }).policies;
    expect(modeFor('restart_workload', { namespace: 'sandbox-1', env: 'prod' }, policies).mode).toBe('approval');
  });
});
