/**
 * What the operator (deployment configuration, not the tenant) allows every tenant: the LLM
 * models a tenant may have alertgate call (and bill to the operator), the most tokens a day, and
 * the request rates. A tenant's configuration may stay below these, never above: a PUT above
 * them is refused naming the field, and triage holds to them whatever is stored.
 */
import type { FieldProblem } from '../errors.ts';
import type { OperatorLimits } from './rate-limiter.ts';
import type { ProviderConfig, TenantConfig } from './tenant-config.ts';

export interface OperatorPolicy {
  /** Model ids, or prefixes ending in `*` (`anthropic.claude-3-5-haiku*`); `*` alone allows every model. */
  readonly allowedModels: readonly string[];
  readonly maxDailyTokens: number;
  readonly limits: Pick<OperatorLimits, 'apiPerMinute' | 'webhookPerMinute'>;
}

export function modelAllowed(model: string, policy: Pick<OperatorPolicy, 'allowedModels'>): boolean {
  return policy.allowedModels.some((allowed) => (allowed.endsWith('*') ? model.startsWith(allowed.slice(0, -1)) : model === allowed));
}

/** The fields of a configuration above what the operator allows. */
export function operatorPolicyProblems(config: TenantConfig, policy: OperatorPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  config.providers.forEach((provider, index) => {
    if (!modelAllowed(provider.model, policy)) {
      problems.push({
        field: `providers.${index}.model`,
        message: `${provider.model} is not a model the operator allows (${policy.allowedModels.join(', ') || 'none'})`,
      });
    }
  });
  if (config.llmBudget.dailyTokens > policy.maxDailyTokens) {
    problems.push({ field: 'llmBudget.dailyTokens', message: `at most ${policy.maxDailyTokens} tokens a day, by the operator's limit` });
  }
  const { apiRequestsPerMinute, webhookRequestsPerMinute } = config.limits;
  if (apiRequestsPerMinute !== undefined && apiRequestsPerMinute > policy.limits.apiPerMinute) {
    problems.push({ field: 'limits.apiRequestsPerMinute', message: `at most ${policy.limits.apiPerMinute}, by the operator's limit` });
  }
  if (webhookRequestsPerMinute !== undefined && webhookRequestsPerMinute > policy.limits.webhookPerMinute) {
    problems.push({
      field: 'limits.webhookRequestsPerMinute',
      message: `at most ${policy.limits.webhookPerMinute}, by the operator's limit`,
    });
  }
  return problems;
}

/** What triage may use of a stored configuration: allowed models only, and the lower budget. */
export function withinOperatorPolicy(
  providers: readonly ProviderConfig[],
  dailyTokens: number,
  policy: Pick<OperatorPolicy, 'allowedModels' | 'maxDailyTokens'>,
): { providers: ProviderConfig[]; dailyTokens: number } {
  return {
    providers: providers.filter((provider) => modelAllowed(provider.model, policy)),
    dailyTokens: Math.min(dailyTokens, policy.maxDailyTokens),
  };
}
