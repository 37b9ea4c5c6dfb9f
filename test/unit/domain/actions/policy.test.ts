import { describe, expect, it } from 'vitest';
import { modeFor, type Placement, withinPolicy } from '../../../../shared/domain/actions/policy.ts';
import { DEFAULT_TENANT_CONFIG, environmentOf, tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';

const defaults = DEFAULT_TENANT_CONFIG.policies;
const staging: Placement = { environment: 'staging', reason: 'environment rule 1' };

describe('the mode a policy gives an action', () => {
  it.each([
    ['notify', 'auto'],
    ['restart_workload', 'approval'],
    ['rollback_deployment', 'approval'],
    ['drain_node', 'approval-2'],
  ] as const)('defaults %s to %s outside production', (action, mode) => {
    expect(modeFor(action, {}, defaults, staging).mode).toBe(mode);
  });

  it('needs at least one approval in production, which is where an alert is unless placed elsewhere', () => {
    expect(modeFor('notify', {}, defaults)).toMatchObject({ risk: 'low', mode: 'approval', reason: expect.stringContaining('production') });
    expect(modeFor('drain_node', {}, defaults).mode).toBe('approval-2');
  });

  it("uses the tenant's per-risk modes and its risk for SSM automations", () => {
    const policies = tenantConfigSchema.parse({
      policies: { byRisk: { medium: 'auto' }, actionRisk: { run_ssm_automation: 'critical' } },
    }).policies;
    expect(modeFor('restart_workload', {}, policies, staging).mode).toBe('auto');
    expect(modeFor('run_ssm_automation', {}, policies, staging)).toMatchObject({ risk: 'critical', mode: 'approval-2' });
  });

  it('keeps two approvers for critical risk whatever the tenant sets (the platform floor)', () => {
    const policies = tenantConfigSchema.parse({
      policies: { byRisk: { critical: 'auto' }, rules: [{ action: 'drain_node', mode: 'auto' }], environmentFloors: {} },
    }).policies;
    expect(modeFor('drain_node', {}, policies, staging)).toMatchObject({
      mode: 'approval-2',
      reason: 'platform minimum for critical risk: at least approval-2',
    });
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
    expect(modeFor('restart_workload', { namespace: 'sandbox-42' }, policies, staging).mode).toBe('auto');
    expect(modeFor('restart_workload', { namespace: 'sandbox-42', team: 'payments' }, policies, staging).mode).toBe('approval-2');
    expect(modeFor('drain_node', {}, policies)).toMatchObject({ mode: 'forbidden', reason: expect.stringContaining('policy rule 3') });
  });

  it("never lets a sender's labels lower the production floor", () => {
    const config = tenantConfigSchema.parse({
      policies: { byRisk: { medium: 'auto' } },
      environments: { rules: [{ matchers: ['cluster="staging-eu"'], environment: 'staging' }] },
    });
    const mode = (labels: Record<string, string>) =>
      modeFor('restart_workload', labels, config.policies, environmentOf(labels, config.environments)).mode;
    expect(mode({ cluster: 'staging-eu' })).toBe('auto');
    // Leaving the label out, or spelling it differently, lands in production.
    expect(mode({})).toBe('approval');
    expect(mode({ env: 'Prod' })).toBe('approval');
    expect(mode({ cluster: 'Staging-EU' })).toBe('approval');
  });

  it('never silences a too-generic alert automatically: a forged alert with only a name would silence them all', () => {
    const lenient = tenantConfigSchema.parse({ policies: { byRisk: { low: 'auto' } } }).policies;
    expect(modeFor('silence_alert', { alertname: 'Watchdog', namespace: 'payments' }, lenient, staging).mode).toBe('auto');
    expect(modeFor('silence_alert', { alertname: 'Watchdog', severity: 'critical' }, lenient, staging)).toMatchObject({
      mode: 'approval',
      reason: 'the alert is too generic for an automatic silence: at least approval',
    });
  });
});

describe("an action's params held to the tenant's limits", () => {
  it('caps a silence at maxSilenceMinutes, the default duration included', () => {
    const policies = tenantConfigSchema.parse({ policies: { maxSilenceMinutes: 30 } }).policies;
    expect(withinPolicy('silence_alert', { minutes: 1440 }, policies)).toEqual({
      params: { minutes: 30 },
      capped: "a silence is at most 30 minutes by the tenant's policy",
    });
    expect(withinPolicy('silence_alert', {}, policies).params).toEqual({ minutes: 30 });
    expect(withinPolicy('silence_alert', { minutes: 20 }, policies)).toEqual({ params: { minutes: 20 } });
    expect(withinPolicy('restart_workload', { namespace: 'a', name: 'b' }, policies)).toEqual({ params: { namespace: 'a', name: 'b' } });
  });
});
