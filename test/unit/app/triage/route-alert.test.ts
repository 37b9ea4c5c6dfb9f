import { describe, expect, it } from 'vitest';
import { routeAlert } from '../../../../shared/app/triage/route-alert.ts';
import { type ActionHistory, foldOutcome } from '../../../../shared/domain/stats/action-history.ts';
import { DEFAULT_TENANT_CONFIG, tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';
import type { Proposal } from '../../../../shared/domain/triage/decision.ts';
import { keylessStep } from '../../../../shared/domain/triage/keyless/keyless-step.ts';
import { NO_LEARNING, withExample } from '../../../../shared/domain/triage/learning/learned-example.ts';
import { learnedStep } from '../../../../shared/domain/triage/learning/learned-step.ts';
import { exampleFrom, tenantModel } from '../../../../shared/domain/triage/learning/tenant-model.ts';
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

/** An LLM step that only records whether it was asked. */
function askedSpy(): RouterStep & { asked: boolean } {
  const spy = {
    name: 'llm',
    asked: false,
    decide: async () => {
      spy.asked = true;
      return { abstentions: [] };
    },
  };
  return spy;
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
    const spy = askedSpy();
    const decision = await routeAlert([spy, keylessStep], { tenant: 'acme', alert: alertRecord(), config }, meta);
    expect(decision).toMatchObject({ category: 'Databases', team: 'dba', decidedBy: { kind: 'rule', ruleId: 'pg' }, confidence: 1 });
    expect(spy.asked).toBe(false);
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

describe('the router chain with what the tenant learned', () => {
  const typesense = alertRecord({
    name: 'TypesenseNodeDown',
    summary: 'Typesense node down (instance ts-2:8108)',
    description: 'A Typesense cluster node stopped answering',
    severity: 'warning',
    labels: { instance: 'ts-2:8108' },
  });
  const corrected = alertRecord({ name: 'TypesenseMemoryHigh', summary: 'Typesense memory usage above 90%', labels: { job: 'typesense' } });
  const learned = tenantModel(
    withExample(
      NO_LEARNING,
      exampleFrom(corrected, {
        correctionId: 'cor_1',
        by: 'alice',
        at: '2026-12-02T09:00:00.000Z',
        set: { category: 'Databases', service: 'Typesense', team: 'search' },
      }),
    ),
  );

  it('routes by a correction of a similar alert before asking any LLM, and says whose correction it was', async () => {
    const spy = askedSpy();
    const config = tenantConfigSchema.parse({ routing: { teams: { Databases: 'dba' } } });
    const decision = await routeAlert([learnedStep, spy, keylessStep], { tenant: 'acme', alert: typesense, config, learned }, meta);
    expect(spy.asked).toBe(false);
    expect(decision).toMatchObject({
      category: 'Databases',
      service: 'Typesense',
      // The responder's team is more specific than the category's.
      team: 'search',
      decidedBy: { kind: 'learned', correctionId: 'cor_1', by: 'alice' },
    });
    expect(decision.rationale).toBe("Learned from the correction of `TypesenseMemoryHigh` by alice on 2026-12-02 (shares 'typesense').");
  });

  it('lets a routing rule win over what was learned', async () => {
    const config = tenantConfigSchema.parse({
      routing: { rules: [{ id: 'search', matchers: ['instance=~"ts-.*"'], set: { category: 'Storage' } }] },
    });
    const decision = await routeAlert([learnedStep, keylessStep], { tenant: 'acme', alert: typesense, config, learned }, meta);
    expect(decision.decidedBy).toEqual({ kind: 'rule', ruleId: 'search' });
  });

  it('passes to the next step, with its reason, when no correction is like the alert', async () => {
    const decision = await routeAlert(
      [learnedStep, keylessStep],
      { tenant: 'acme', alert: alertRecord(), config: DEFAULT_TENANT_CONFIG, learned },
      meta,
    );
    expect(decision.decidedBy.kind).toBe('classifier');
    expect(decision.abstentions).toContainEqual(expect.objectContaining({ step: 'learned', reason: 'no correction of a similar alert' }));
  });
});

describe('decisions the keyless classifier is unsure of', () => {
  const vague = alertRecord({ name: 'SomethingOdd', summary: 'Something odd happened', description: undefined, labels: {} });

  it('need review below the threshold: the default team gets them, with the best guesses', async () => {
    const config = tenantConfigSchema.parse({ routing: { teams: { Other: 'misc' }, defaultTeam: 'triage-desk', reviewBelow: 0.99 } });
    const decision = await routeAlert([keylessStep], { tenant: 'acme', alert: vague, config }, meta);
    expect(decision.needsReview?.below).toBe(0.99);
    expect(decision.needsReview?.guesses.length).toBeGreaterThan(0);
    expect(decision.needsReview?.guesses[0]?.confidence).toBeGreaterThanOrEqual(decision.needsReview?.guesses.at(-1)?.confidence ?? 1);
    expect(decision.team).toBe('triage-desk');
  });

  it('are trusted at or above it, and never reviewed with a threshold of 0', async () => {
    const config = tenantConfigSchema.parse({ routing: { reviewBelow: 0 } });
    const decision = await routeAlert([keylessStep], { tenant: 'acme', alert: vague, config }, meta);
    expect(decision.needsReview).toBeUndefined();
  });

  it('never applies to an LLM, whose confidence is not calibrated', async () => {
    const config = tenantConfigSchema.parse({ routing: { reviewBelow: 0.99 } });
    const decision = await routeAlert([llmProposing({ confidence: 0.2 })], { tenant: 'acme', alert: vague, config }, meta);
    expect(decision.needsReview).toBeUndefined();
  });
});

describe('proposals that learned from how the action went before', () => {
  const crashLoop = alertRecord({
    name: 'KubePodCrashLooping',
    labels: { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'checkout-api-7d9f8b6c5d-x2kqp', env: 'prod' },
  });
  const outcomes: ActionHistory = {};
  for (const [minute, type, reason] of [
    [1, 'approval.approved', null],
    [2, 'approval.rejected', null],
    [3, 'approval.rejected', null],
    [4, 'approval.rejected', 'restart does not help, OOM'],
  ] as const)
    foldOutcome(outcomes, {
      eventId: `e${minute}`,
      tenant: 'acme',
      time: `2026-11-22T09:0${minute}:00.000Z`,
      type,
      actor: 'alice',
      subjects: {},
      correlationId: 'c',
      data: { alertName: 'KubePodCrashLooping', action: 'restart_workload', reason },
    });

  it('shows how it went before on the proposal', async () => {
    const decision = await routeAlert([keylessStep], { tenant: 'acme', alert: crashLoop, config: DEFAULT_TENANT_CONFIG, outcomes }, meta);
    expect(decision.action?.history).toEqual({
      approved: 1,
      rejected: 3,
      failed: 0,
      summary: "rejected 3 of the last 4 times; last reason: 'restart does not help, OOM'",
    });
  });

  it("stops proposing it after the tenant's number of rejections within the window, and says so", async () => {
    const config = tenantConfigSchema.parse({ policies: { stopProposing: { afterRejections: 3, withinDays: 7 } } });
    const decision = await routeAlert([keylessStep], { tenant: 'acme', alert: crashLoop, config, outcomes }, meta);
    expect(decision.action).toBeUndefined();
    expect(decision.noAction).toBe(
      "restart_workload not proposed: rejected 3 times for KubePodCrashLooping in the last 7 days (policies.stopProposing); rejected 3 of the last 4 times; last reason: 'restart does not help, OOM'",
    );
    const later = await routeAlert(
      [keylessStep],
      { tenant: 'acme', alert: crashLoop, config, outcomes },
      { ...meta, now: new Date('2026-12-05T10:00:00Z') },
    );
    expect(later.action?.name).toBe('restart_workload');
  });
});
