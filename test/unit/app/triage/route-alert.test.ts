import { describe, expect, it } from 'vitest';
import { routeAlert } from '../../../../shared/app/triage/route-alert.ts';
import { DEFAULT_TENANT_CONFIG, tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';
import type { Proposal } from '../../../../shared/domain/triage/decision.ts';
import { keylessStep } from '../../../../shared/domain/triage/keyless/keyless-step.ts';
import type { RouterStep } from '../../../../shared/domain/triage/router-step.ts';
import { alertRecord } from '../../adapters/llm/llm-test-support.ts';

const meta = { eventId: 'a1:1:triage', now: new Date('2026-11-22T10:00:00Z') };

function llmProposing(proposal: Partial<Proposal>): RouterStep {
  return {
    name: 'llm',
    decide: async () => ({
      abstentions: [],
      proposal: {
        category: 'Databases',
        confidence: 0.9,
        rationale: 'replication lag on a Postgres primary',
        decidedBy: { kind: 'llm', provider: 'p1', model: 'm', promptVersion: 'triage-v1' },
        latencyMs: 5,
        ...proposal,
      },
    }),
  };
}

const abstaining: RouterStep = {
  name: 'llm',
  decide: async () => ({ abstentions: [{ step: 'llm:p1', reason: 'timed out after 8000 ms', latencyMs: 8000 }] }),
};

describe('the router chain', () => {
  it('lets a rule that sets the category decide, before any provider is asked', async () => {
    const config = tenantConfigSchema.parse({
      routing: { rules: [{ id: 'pg', matchers: ['job="postgres"'], set: { category: 'Databases', team: 'dba' } }] },
    });
    let asked = false;
    const spy: RouterStep = {
      name: 'llm',
      decide: async () => {
        asked = true;
        return { abstentions: [] };
      },
    };
    const decision = await routeAlert([spy, keylessStep], { tenant: 'acme', alert: alertRecord(), config }, meta);
    expect(decision).toMatchObject({ category: 'Databases', team: 'dba', decidedBy: { kind: 'rule', ruleId: 'pg' }, confidence: 1 });
    expect(asked).toBe(false);
  });

  it("takes an LLM's action but gives it the registry's risk and the policy's mode", async () => {
    const decision = await routeAlert(
      [llmProposing({ action: { name: 'rollback_deployment', params: { namespace: 'db', name: 'pg' } } }), keylessStep],
      { tenant: 'acme', alert: alertRecord(), config: DEFAULT_TENANT_CONFIG },
      meta,
    );
    expect(decision.action).toMatchObject({ name: 'rollback_deployment', risk: 'high', mode: 'approval', source: 'llm' });
    expect(decision.decidedBy).toMatchObject({ kind: 'llm', promptVersion: 'triage-v1' });
  });

  it('falls back to the keyless classifier, keeping why the provider abstained', async () => {
    const decision = await routeAlert(
      [abstaining, keylessStep],
      { tenant: 'acme', alert: alertRecord(), config: DEFAULT_TENANT_CONFIG },
      meta,
    );
    expect(decision.decidedBy.kind).toBe('classifier');
    expect(decision.abstentions).toEqual([{ step: 'llm:p1', reason: 'timed out after 8000 ms', latencyMs: 8000 }]);
  });

  it("applies a matching rule's team and priority to another step's decision", async () => {
    const config = tenantConfigSchema.parse({
      routing: { rules: [{ id: 'pager', matchers: ['severity="critical"'], set: { team: 'sre', priority: 'P1' } }] },
    });
    const decision = await routeAlert(
      [llmProposing({ priority: 'P3' }), keylessStep],
      { tenant: 'acme', alert: alertRecord(), config },
      meta,
    );
    expect(decision).toMatchObject({ team: 'sre', priority: 'P1', decidedBy: { kind: 'llm' } });
  });

  it("never lets a model's priority lower the one the alert's severity gives, only raise it", async () => {
    const critical = alertRecord({ severity: 'critical' });
    const lowered = await routeAlert(
      [llmProposing({ priority: 'P4' })],
      { tenant: 'acme', alert: critical, config: DEFAULT_TENANT_CONFIG },
      meta,
    );
    expect(lowered.priority).toBe('P1');
    const info = alertRecord({ severity: 'info' });
    const raised = await routeAlert(
      [llmProposing({ priority: 'P1' })],
      { tenant: 'acme', alert: info, config: DEFAULT_TENANT_CONFIG },
      meta,
    );
    expect(raised.priority).toBe('P1');
  });

  it('maps the category to a team when no rule names one', async () => {
    const config = tenantConfigSchema.parse({ routing: { teams: { Databases: 'dba' } } });
    const decision = await routeAlert([llmProposing({})], { tenant: 'acme', alert: alertRecord(), config }, meta);
    expect(decision.team).toBe('dba');
  });

  it('proposes a playbook action when no step did, with params from the labels', async () => {
    const alert = alertRecord({
      name: 'KubePodCrashLooping',
      labels: { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'checkout-api-7d9f8b6c5d-x2kqp', env: 'prod' },
    });
    const decision = await routeAlert([keylessStep], { tenant: 'acme', alert, config: DEFAULT_TENANT_CONFIG }, meta);
    expect(decision.action).toMatchObject({
      name: 'restart_workload',
      params: { namespace: 'payments', kind: 'deployment', name: 'checkout-api' },
      risk: 'medium',
      mode: 'approval',
      source: 'playbook:crash-looping-pod',
    });
  });

  it("never lets a model's low-risk action run on its own", async () => {
    const decision = await routeAlert(
      [llmProposing({ action: { name: 'silence_alert', params: { minutes: 60 } } }), keylessStep],
      { tenant: 'acme', alert: alertRecord({ labels: { alertname: 'X', env: 'dev' } }), config: DEFAULT_TENANT_CONFIG },
      meta,
    );
    expect(decision.action).toMatchObject({ name: 'silence_alert', risk: 'low', mode: 'approval', source: 'llm' });
  });
});
