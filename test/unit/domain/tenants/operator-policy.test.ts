import { describe, expect, it } from 'vitest';
import { modelAllowed, operatorPolicyProblems } from '../../../../shared/domain/tenants/operator-policy.ts';
import { tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';

const policy = {
  allowedModels: ['gpt-4o-mini', 'anthropic.claude-3-5-haiku*'],
  maxDailyTokens: 500_000,
  limits: { apiPerMinute: 600, webhookPerMinute: 1200 },
};

describe("the operator's policy", () => {
  it('allows models by id or by prefix', () => {
    expect(modelAllowed('gpt-4o-mini', policy)).toBe(true);
    expect(modelAllowed('anthropic.claude-3-5-haiku-20241022-v1:0', policy)).toBe(true);
    expect(modelAllowed('anthropic.claude-opus-4', policy)).toBe(false);
    expect(modelAllowed('anything', { allowedModels: ['*'] })).toBe(true);
    expect(modelAllowed('anything', { allowedModels: [] })).toBe(false);
  });

  it('names every field a tenant set above it: models, daily tokens, request rates', () => {
    const config = tenantConfigSchema.parse({
      providers: [
        { id: 'cheap', type: 'openai', model: 'gpt-4o-mini', apiKeyRef: 'env:ALERTGATE_LLM_A' },
        { id: 'pricey', type: 'bedrock', model: 'anthropic.claude-opus-4' },
      ],
      llmBudget: { dailyTokens: 100_000_000 },
      limits: { apiRequestsPerMinute: 1_000_000, webhookRequestsPerMinute: 100 },
    });
    expect(operatorPolicyProblems(config, policy).map((problem) => problem.field)).toEqual([
      'providers.1.model',
      'llmBudget.dailyTokens',
      'limits.apiRequestsPerMinute',
    ]);
    expect(operatorPolicyProblems(tenantConfigSchema.parse({}), policy)).toEqual([]);
  });
});
