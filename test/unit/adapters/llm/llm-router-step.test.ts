import { describe, expect, it } from 'vitest';
import { type LlmClient, providerErrorForStatus } from '../../../../shared/adapters/llm/llm-client.ts';
import { asRouterStep, BUDGET_EXHAUSTED, createLlmStep } from '../../../../shared/adapters/llm/llm-router-step.ts';
import { pickVariant } from '../../../../shared/adapters/llm/provider-order.ts';
import { ApiKeyError } from '../../../../shared/adapters/secrets/api-keys.ts';
import { breakerKey, SharedCircuitBreaker } from '../../../../shared/domain/breaker.ts';
import { type ProviderConfig, tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';
import { recordingMeter } from '../../../support/recording-meter.ts';
import { alertRecord, answer, InMemoryBreakerStore, InMemoryBudget, provider, ScriptedClient, silentLog } from './llm-test-support.ts';

const fastRetry = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 };

function harness(
  clients: Record<string, LlmClient>,
  options: { now?: () => number; apiKeys?: (tenant: string, ref: string) => Promise<string>; totalBudgetMs?: number } = {},
) {
  const meter = recordingMeter();
  const store = new InMemoryBreakerStore();
  const budget = new InMemoryBudget();
  const now = options.now ?? (() => Date.parse('2026-11-22T12:00:00Z'));
  const step = createLlmStep({
    clients: (p) => {
      const client = clients[p.id];
      if (client === undefined) throw new Error(`no client for ${p.id}`);
      return client;
    },
    breaker: new SharedCircuitBreaker(store, { threshold: 2, halfOpenAfterMs: 30_000, now }),
    budget,
    apiKeys: options.apiKeys ?? (async () => 'key'),
    retry: fastRetry,
    log: silentLog,
    totalBudgetMs: options.totalBudgetMs,
    meter,
  });
  return { step, store, budget, meter };
}

const input = (providers: ProviderConfig[], dailyTokens = 100_000) => ({ tenant: 'acme', alert: alertRecord(), providers, dailyTokens });

describe('the LLM step', () => {
  it('proposes what the first provider answers, recording provider, model, prompt version, tokens and cost', async () => {
    const { step, budget } = harness({ main: new ScriptedClient([answer({ service: 'postgresql', priority: 'P2' })]) });
    const { proposal, abstentions } = await step.decide(input([provider({ id: 'main', model: 'gpt-4o-mini' })]));
    expect(abstentions).toEqual([]);
    expect(proposal).toMatchObject({
      category: 'Databases',
      service: 'postgresql',
      priority: 'P2',
      confidence: 0.9,
      decidedBy: { kind: 'llm', provider: 'main', model: 'gpt-4o-mini', promptVersion: 'triage-v1' },
      tokens: { input: 1000, output: 100 },
      costUsd: 0.00021,
    });
    expect(proposal?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await budget.used('acme')).toBe(1100);
  });

  it('sends the system prompt and the fenced alert to the provider', async () => {
    const client = new ScriptedClient([answer({})]);
    const { step } = harness({ main: client });
    await step.decide(input([provider({ id: 'main' })]));
    expect(client.requests[0]?.system).toContain('You are the triage assistant');
    expect(client.requests[0]?.user).toMatch(
      /<alert-data nonce="[0-9a-f]+">[\s\S]*PostgresqlReplicationLag[\s\S]*<\/alert-data nonce="[0-9a-f]+">/,
    );
  });

  it('falls through an invalid answer to the next provider, saying why', async () => {
    const { step } = harness({
      a: new ScriptedClient([{ text: 'not json', inputTokens: 10, outputTokens: 5 }]),
      b: new ScriptedClient([answer({ action: { name: 'reboot_universe', params: {} } })]),
      c: new ScriptedClient([answer({})]),
    });
    const { proposal, abstentions } = await step.decide(input([provider({ id: 'a' }), provider({ id: 'b' }), provider({ id: 'c' })]));
    expect(proposal?.decidedBy).toMatchObject({ provider: 'c' });
    expect(abstentions.map(({ step, reason }) => ({ step, reason }))).toEqual([
      { step: 'llm:a', reason: 'answered invalid JSON' },
      { step: 'llm:b', reason: "proposed action 'reboot_universe' which is not in the registry" },
    ]);
  });

  it('abstains for every provider when all fail, leaving the decision to the next step', async () => {
    const { step } = harness({
      a: new ScriptedClient([], providerErrorForStatus(500)),
      b: new ScriptedClient([], providerErrorForStatus(401)),
    });
    const { proposal, abstentions } = await step.decide(input([provider({ id: 'a' }), provider({ id: 'b' })]));
    expect(proposal).toBeUndefined();
    expect(abstentions.map((a) => a.reason)).toEqual([
      '500 server error, after 3 attempts',
      '401 unauthorized (check the provider API key and its access)',
    ]);
  });

  it('says a provider timed out after its timeout', async () => {
    const { step } = harness({ slow: new ScriptedClient([], 'hang'), next: new ScriptedClient([answer({})]) });
    const { proposal, abstentions } = await step.decide(input([provider({ id: 'slow', timeoutMs: 150 }), provider({ id: 'next' })]));
    expect(abstentions).toMatchObject([{ step: 'llm:slow', reason: 'timed out after 150 ms' }]);
    expect(abstentions[0]?.latencyMs).toBeGreaterThanOrEqual(140);
    expect(proposal?.decidedBy).toMatchObject({ provider: 'next' });
  });

  it('skips providers that would not finish inside the per-alert LLM time budget', async () => {
    const slow = new ScriptedClient([], 'hang');
    const quick = new ScriptedClient([answer({})]);
    const { step } = harness({ slow, late: new ScriptedClient([answer({})]), quick }, { totalBudgetMs: 400 });
    const { proposal, abstentions } = await step.decide(
      input([provider({ id: 'slow', timeoutMs: 300 }), provider({ id: 'late', timeoutMs: 300 }), provider({ id: 'quick', timeoutMs: 50 })]),
    );
    expect(abstentions.map((a) => a.step)).toEqual(['llm:slow', 'llm:late']);
    expect(abstentions[1]?.reason).toMatch(/^skipped: \d+ ms left of the 400 ms LLM budget per alert$/);
    expect(proposal?.decidedBy).toMatchObject({ provider: 'quick' });
  });

  it('abstains once and calls no provider when the daily token budget is exhausted', async () => {
    const a = new ScriptedClient([answer({})]);
    const { step, budget } = harness({ a, b: new ScriptedClient([answer({})]) });
    await budget.spend('acme', 5_000);
    const { proposal, abstentions } = await step.decide(input([provider({ id: 'a' }), provider({ id: 'b' })], 5_000));
    expect(proposal).toBeUndefined();
    expect(abstentions).toMatchObject([{ step: 'llm:a', reason: BUDGET_EXHAUSTED }]);
    expect(a.requests).toHaveLength(0);
  });

  it('checks the budget before each call: a provider that used it up leaves none for the next', async () => {
    const { step } = harness({
      a: new ScriptedClient([{ text: 'nope', inputTokens: 900, outputTokens: 200 }]),
      b: new ScriptedClient([answer({})]),
    });
    const { abstentions } = await step.decide(input([provider({ id: 'a' }), provider({ id: 'b' })], 1_000));
    expect(abstentions.map((a) => a.reason)).toEqual(['answered invalid JSON', BUDGET_EXHAUSTED]);
  });

  it('skips a provider whose API key cannot be resolved, and tries the next', async () => {
    const { step } = harness(
      { a: new ScriptedClient([answer({})]), b: new ScriptedClient([answer({})]) },
      {
        apiKeys: async (_tenant, ref) => {
          if (ref === 'env:MISSING') throw new ApiKeyError('environment variable MISSING is not set or empty');
          return 'key';
        },
      },
    );
    const { proposal, abstentions } = await step.decide(input([provider({ id: 'a', apiKeyRef: 'env:MISSING' }), provider({ id: 'b' })]));
    expect(abstentions).toMatchObject([{ step: 'llm:a', reason: 'API key unavailable: environment variable MISSING is not set or empty' }]);
    expect(proposal?.decidedBy).toMatchObject({ provider: 'b' });
  });

  it('skips a provider whose circuit is open without calling it', async () => {
    const a = new ScriptedClient([], providerErrorForStatus(503));
    const { step, store } = harness({ a, b: new ScriptedClient([answer({})]) });
    await step.decide(input([provider({ id: 'a' }), provider({ id: 'b' })]));
    await step.decide(input([provider({ id: 'a' }), provider({ id: 'b' })]));
    expect(store.items.get(breakerKey('acme', 'a'))?.state).toBe('open');
    const calls = a.requests.length;
    const { abstentions } = await step.decide(input([provider({ id: 'a' }), provider({ id: 'b' })]));
    expect(abstentions[0]?.reason).toBe('circuit open until 2026-11-22T12:00:30.000Z');
    expect(a.requests).toHaveLength(calls);
  });

  it('meters calls by outcome, tokens and cost, and the circuit opening and closing again', async () => {
    let now = Date.parse('2026-11-22T12:00:00Z');
    let failing = true;
    const a: LlmClient = {
      complete: async () => {
        if (failing) throw providerErrorForStatus(503);
        return answer({});
      },
    };
    const { step, meter } = harness({ a, b: new ScriptedClient([answer({}), answer({}), answer({})]) }, { now: () => now });
    const providers = [provider({ id: 'a', model: 'gpt-4o-mini' }), provider({ id: 'b', type: 'anthropic', model: 'claude' })];
    await step.decide(input(providers));
    await step.decide(input(providers));
    await step.decide(input(providers));
    const openai = { provider: 'openai', variant: 'none' };
    expect(meter.total('LlmCalls', { ...openai, outcome: 'failed' })).toBe(2);
    expect(meter.total('LlmCalls', { ...openai, outcome: 'circuit-open' })).toBe(1);
    expect(meter.total('BreakerChanges', { provider: 'openai', to: 'opened' })).toBe(1);
    expect(meter.total('LlmCalls', { provider: 'anthropic', outcome: 'answered' })).toBe(3);
    expect(meter.total('LlmTokens', { provider: 'anthropic', direction: 'input' })).toBe(3000);
    // Never the tenant's provider ids or model names: those are free text.
    expect(meter.recorded.every((r) => !('model' in r.dimensions) && r.dimensions.provider !== 'a' && r.dimensions.provider !== 'b')).toBe(
      true,
    );
    // Past the half-open delay the next call probes, and a success closes the circuit.
    now += 31_000;
    failing = false;
    await step.decide(input(providers));
    expect(meter.total('BreakerChanges', { to: 'half-open' })).toBe(1);
    expect(meter.total('BreakerChanges', { to: 'closed' })).toBe(1);
  });

  it('does not count a refused request (400) against the circuit', async () => {
    const { step, store } = harness({ a: new ScriptedClient([], providerErrorForStatus(400)) });
    for (let i = 0; i < 3; i++) await step.decide(input([provider({ id: 'a' })]));
    expect(store.items.get(breakerKey('acme', 'a'))?.state ?? 'closed').toBe('closed');
  });

  it("does not count an invalid answer against the circuit: an alert's text must not be able to shut a provider off", async () => {
    const { step, store } = harness({
      a: new ScriptedClient([], { text: '{"category":"Nope","confidence":1,"rationale":"x"}', inputTokens: 1, outputTokens: 1 }),
    });
    for (let i = 0; i < 3; i++) await step.decide(input([provider({ id: 'a' })]));
    expect(store.items.get(breakerKey('acme', 'a'))?.state ?? 'closed').toBe('closed');
  });

  it('records the A/B variant the alert was assigned when a member of the group decides', async () => {
    const group = [provider({ id: 'va', weight: 50 }), provider({ id: 'vb', weight: 50 })];
    const assigned = pickVariant(group, alertRecord().fingerprint)?.id ?? '';
    const other = assigned === 'va' ? 'vb' : 'va';
    const { step } = harness({
      [assigned]: new ScriptedClient([], providerErrorForStatus(500)),
      [other]: new ScriptedClient([answer({})]),
    });
    const { proposal, abstentions } = await step.decide(input(group));
    expect(abstentions[0]?.step).toBe(`llm:${assigned}`);
    expect(proposal?.decidedBy).toMatchObject({ provider: other, variant: assigned });
  });

  it('has nothing to say when the tenant configured no provider', async () => {
    const { step } = harness({});
    expect(await step.decide(input([]))).toEqual({ abstentions: [] });
  });
});

describe('the LLM step as a link of the router chain', () => {
  it("reads the providers and the daily token budget from the tenant's configuration", async () => {
    const { step, budget } = harness({ main: new ScriptedClient([answer({})]) });
    const config = tenantConfigSchema.parse({ providers: [provider({ id: 'main' })], llmBudget: { dailyTokens: 10 } });
    await budget.spend('acme', 10);
    const result = await asRouterStep(step, { allowedModels: ['*'], maxDailyTokens: 1_000_000 }).decide({
      tenant: 'acme',
      alert: alertRecord(),
      config,
    });
    expect(result.abstentions).toMatchObject([{ step: 'llm:main', reason: BUDGET_EXHAUSTED }]);
  });

  it("holds to the operator's policy whatever the stored configuration says: only allowed models, the lower budget", async () => {
    const { step, budget } = harness({ main: new ScriptedClient([answer({})]), pricey: new ScriptedClient([answer({})]) });
    const config = tenantConfigSchema.parse({
      providers: [provider({ id: 'pricey', model: 'huge-model-v9' }), provider({ id: 'main' })],
      llmBudget: { dailyTokens: 100_000_000 },
    });
    await budget.spend('acme', 50);
    const policy = { allowedModels: [provider({ id: 'main' }).model], maxDailyTokens: 50 };
    const result = await asRouterStep(step, policy).decide({ tenant: 'acme', alert: alertRecord(), config });
    expect(result.abstentions).toMatchObject([{ step: 'llm:main', reason: BUDGET_EXHAUSTED }]);
  });
});
