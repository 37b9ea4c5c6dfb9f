/**
 * The router chain's LLM step: tries the tenant's providers in order (the A/B variant assigned to
 * the alert first within its group), and for each one checks the daily token budget, resolves
 * the API key, asks the shared circuit breaker, calls with the timeout-and-retry policy, and
 * validates the answer. The first valid answer becomes the Proposal; every provider that failed
 * or was skipped becomes an Abstention whose reason an SRE can act on.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import { type BreakerPermit, breakerKey, type SharedCircuitBreaker } from '../../domain/breaker.ts';
import { type Meter, NO_METER } from '../../domain/metrics/meter.ts';
import { type OperatorPolicy, withinOperatorPolicy } from '../../domain/tenants/operator-policy.ts';
import type { ProviderConfig } from '../../domain/tenants/tenant-config.ts';
import type { Abstention, Proposal } from '../../domain/triage/decision.ts';
import type { LearnedExample } from '../../domain/triage/learning/learned-example.ts';
import { checkLlmAnswer } from '../../domain/triage/llm-answer.ts';
import type { RouterStep } from '../../domain/triage/router-step.ts';
import type { TokenBudget } from '../../domain/triage/token-budget.ts';
import { logger } from '../observability.ts';
import type { ApiKeyResolver } from '../secrets/api-keys.ts';
import { CallFailedError, callWithinBudget, DEFAULT_RETRY, type RetryOptions } from './call-policy.ts';
import { type LlmClient, type LlmResponse, ProviderError } from './llm-client.ts';
import type { LlmClientFactory } from './llm-clients.ts';
import { estimateCostUsd } from './llm-cost.ts';
import { orderProviders } from './provider-order.ts';
import { buildTriagePrompt, loadPromptTemplate, TRIAGE_PROMPT_VERSION, type TriagePrompt } from './triage-prompt.ts';

export interface LlmStepInput {
  readonly tenant: string;
  readonly alert: AlertRecord;
  readonly providers: readonly ProviderConfig[];
  readonly dailyTokens: number;
  /** The tenant's corrections of similar alerts, given to the model as examples. */
  readonly examples?: readonly LearnedExample[];
}

export interface LlmStepResult {
  readonly proposal?: Proposal;
  readonly abstentions: Abstention[];
}

export interface LlmStep {
  readonly name: 'llm';
  decide(input: LlmStepInput): Promise<LlmStepResult>;
}

/** Time all providers together may take for one alert, well inside the triage function's 30 s. */
export const DEFAULT_TOTAL_BUDGET_MS = 20_000;

export interface LlmStepDeps {
  /** Time all providers together may take for one alert. */
  readonly totalBudgetMs?: number;
  /** llmClients(egressFetch(rules)) in production. */
  readonly clients: LlmClientFactory;
  /** Shared by every instance (DynamoDB in the cloud): one provider's failures open it for all. */
  readonly breaker: SharedCircuitBreaker;
  readonly budget: TokenBudget;
  readonly apiKeys: ApiKeyResolver;
  readonly prompt?: (alert: AlertRecord, examples: readonly LearnedExample[]) => TriagePrompt;
  readonly retry?: RetryOptions;
  /** Output tokens the model may use; the answer is a small JSON object. */
  readonly maxTokens?: number;
  readonly log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Operational metrics: calls, latency, tokens and cost by provider type, model and variant; breaker changes. */
  readonly meter?: Meter;
}

/** How many of the tenant's corrections of similar alerts a prompt carries. */
export const PROMPT_EXAMPLES = 3;
export const BUDGET_EXHAUSTED = 'daily LLM token budget exhausted';
export const DEFAULT_MAX_TOKENS = 600;
/** A probe's claim outlives its call by this much before another caller may probe. */
const PROBE_LEASE_MARGIN_MS = 10_000;

type Attempt =
  | { readonly kind: 'proposal'; readonly proposal: Proposal }
  | { readonly kind: 'abstain'; readonly reason: string; readonly stop?: boolean };

/**
 * @example
 * const llm = createLlmStep({ breaker, budget, apiKeys });   // built by the triage composition module
 * const { proposal, abstentions } = await llm.decide({ tenant, alert, providers: config.providers, dailyTokens: config.llmBudget.dailyTokens });
 */
export function createLlmStep(deps: LlmStepDeps): LlmStep {
  const { breaker, budget, apiKeys } = deps;
  const clients = deps.clients;
  // Read at cold start: a prompt file missing from the package fails the deployment, not each alert.
  const template = deps.prompt === undefined ? loadPromptTemplate() : '';
  const prompt =
    deps.prompt ?? ((alert: AlertRecord, examples: readonly LearnedExample[]) => buildTriagePrompt(alert, { template, examples }));
  const retry = deps.retry ?? DEFAULT_RETRY;
  const maxTokens = deps.maxTokens ?? DEFAULT_MAX_TOKENS;
  const log = deps.log ?? logger;
  const totalBudgetMs = deps.totalBudgetMs ?? DEFAULT_TOTAL_BUDGET_MS;
  const meter = deps.meter ?? NO_METER;
  // Low-cardinality dimensions only: the provider type, and whether the call was an A/B arm. The
  // tenant's provider ids and model names (free text) are in its own GET /v1/stats/models.
  const dimensionsOf = (provider: ProviderConfig, variant: string | undefined) => ({
    provider: provider.type,
    variant: variant === undefined ? 'none' : 'ab',
  });
  const callMetrics = (provider: ProviderConfig, variant: string | undefined, outcome: string, started: number) => {
    const dimensions = dimensionsOf(provider, variant);
    meter.count('LlmCalls', { ...dimensions, outcome });
    meter.duration('LlmLatency', elapsed(started), dimensions);
  };
  const breakerChanged = (provider: ProviderConfig, to: 'opened' | 'closed' | 'half-open' | undefined) => {
    if (to !== undefined) meter.count('BreakerChanges', { provider: provider.type, to });
  };

  async function attempt(
    input: LlmStepInput,
    provider: ProviderConfig,
    messages: TriagePrompt,
    variant: string | undefined,
  ): Promise<Attempt> {
    const started = performance.now();
    const context = { tenant: input.tenant, alertId: input.alert.id, provider: provider.id, model: provider.model };

    let canSpend: boolean;
    try {
      canSpend = await budget.canSpend(input.tenant, input.dailyTokens);
    } catch (error: unknown) {
      log.error('LLM token budget unreadable; not calling the provider', { ...context, error });
      return { kind: 'abstain', reason: `token budget unavailable (${errorName(error)})` };
    }
    if (!canSpend) return { kind: 'abstain', reason: BUDGET_EXHAUSTED, stop: true };

    let apiKey: string | undefined;
    if (provider.apiKeyRef !== undefined) {
      try {
        apiKey = await apiKeys(input.tenant, provider.apiKeyRef);
      } catch (error: unknown) {
        log.warn('LLM provider API key unavailable', { ...context, error });
        return { kind: 'abstain', reason: `API key unavailable: ${error instanceof Error ? error.message : 'unknown error'}` };
      }
    }

    let client: LlmClient;
    try {
      client = clients(provider, apiKey);
    } catch (error: unknown) {
      return { kind: 'abstain', reason: error instanceof ProviderError ? error.message : `client unavailable (${errorName(error)})` };
    }

    let permit: BreakerPermit;
    try {
      permit = await breaker.acquire(breakerKey(input.tenant, provider.id), provider.timeoutMs + PROBE_LEASE_MARGIN_MS);
    } catch (error: unknown) {
      log.error('LLM circuit breaker state unreadable; not calling the provider', { ...context, error });
      return { kind: 'abstain', reason: `circuit breaker state unavailable (${errorName(error)})` };
    }
    if (!permit.allowed) {
      meter.count('LlmCalls', { ...dimensionsOf(provider, variant), outcome: 'circuit-open' });
      return { kind: 'abstain', reason: permit.reason };
    }
    if (permit.probe) breakerChanged(provider, 'half-open');

    let answer: LlmResponse;
    let attempts: number;
    try {
      ({ value: answer, attempts } = await callWithinBudget(provider.timeoutMs, retry, (signal) =>
        client.complete({ system: messages.system, user: messages.user, maxTokens, signal }),
      ));
    } catch (error: unknown) {
      const failure = error instanceof CallFailedError ? error.error : error instanceof ProviderError ? error : undefined;
      // A refused request (4xx other than auth) says the provider is up, and an egress refusal says
      // nothing of its health: neither may open the circuit.
      const healthy = failure?.kind === 'request' || failure?.kind === 'egress';
      breakerChanged(
        provider,
        await settle<'opened' | 'closed' | undefined>(healthy ? breaker.onSuccess(permit) : breaker.onFailure(permit), context, log),
      );
      callMetrics(provider, variant, 'failed', started);
      const reason =
        error instanceof CallFailedError || error instanceof ProviderError ? error.message : `failed unexpectedly (${errorName(error)})`;
      log.warn('LLM provider call failed', { ...context, reason, probe: permit.probe, latencyMs: elapsed(started) });
      return { kind: 'abstain', reason };
    }
    breakerChanged(provider, await settle(breaker.onSuccess(permit), context, log));
    await settle(budget.spend(input.tenant, answer.inputTokens + answer.outputTokens), context, log);

    const checked = checkLlmAnswer(answer.text);
    const tokens = { input: answer.inputTokens, output: answer.outputTokens };
    log.info('LLM provider answered', { ...context, valid: checked.ok, attempts, tokens, latencyMs: elapsed(started) });
    callMetrics(provider, variant, checked.ok ? 'answered' : 'invalid', started);
    const usage = dimensionsOf(provider, variant);
    meter.count('LlmTokens', { ...usage, direction: 'input' }, tokens.input);
    meter.count('LlmTokens', { ...usage, direction: 'output' }, tokens.output);
    meter.count('LlmCostUsd', usage, estimateCostUsd(provider.model, tokens) ?? 0);
    if (!checked.ok) return { kind: 'abstain', reason: checked.reason };
    const { answer: valid } = checked;
    return {
      kind: 'proposal',
      proposal: {
        ...valid,
        decidedBy: {
          kind: 'llm',
          provider: provider.id,
          model: provider.model,
          promptVersion: TRIAGE_PROMPT_VERSION,
          ...(variant === undefined ? {} : { variant }),
        },
        latencyMs: elapsed(started),
        tokens,
        costUsd: estimateCostUsd(provider.model, tokens),
      },
    };
  }

  return {
    name: 'llm',
    async decide(input) {
      const abstentions: Abstention[] = [];
      if (input.providers.length === 0) return { abstentions };
      const { ordered, variant } = orderProviders(input.providers, input.alert.fingerprint);
      const messages = prompt(input.alert, input.examples ?? []);
      // All providers together must leave the triage function time to store its decision.
      const deadline = performance.now() + totalBudgetMs;
      for (const provider of ordered) {
        const started = performance.now();
        if (started + provider.timeoutMs > deadline) {
          const left = Math.max(0, Math.round(deadline - started));
          abstentions.push({
            step: `llm:${provider.id}`,
            reason: `skipped: ${left} ms left of the ${totalBudgetMs} ms LLM budget per alert`,
            latencyMs: 0,
          });
          continue;
        }
        // The variant names the A/B arm the alert was assigned; set when a member of that group decided.
        const arm = variant !== undefined && provider.weight !== undefined ? variant.id : undefined;
        const outcome = await attempt(input, provider, messages, arm);
        if (outcome.kind === 'proposal') return { proposal: outcome.proposal, abstentions };
        abstentions.push({
          step: `llm:${provider.id}`,
          reason: outcome.reason,
          latencyMs: elapsed(started),
          llm: { provider: provider.id, model: provider.model, ...(arm === undefined ? {} : { variant: arm }) },
        });
        // The budget is the tenant's, not the provider's: no later provider may spend either.
        if (outcome.stop === true) break;
      }
      return { abstentions };
    },
  };
}

/** Breaker and budget bookkeeping after a call must not lose the call's answer. */
async function settle<T>(work: Promise<T>, context: Record<string, string>, log: Pick<Logger, 'warn'>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error: unknown) {
    log.warn('Could not record the LLM call in the provider-state table', { ...context, error });
    return undefined;
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}

/**
 * The LLM step as a link of the router chain, reading the providers and the daily token budget
 * from the tenant's configuration.
 *
 * @example
 * const steps = [asRouterStep(createLlmStep()), keylessStep];
 */
export function asRouterStep(step: LlmStep, policy: Pick<OperatorPolicy, 'allowedModels' | 'maxDailyTokens'>): RouterStep {
  return {
    name: step.name,
    // The operator's policy holds whatever the stored configuration says (it may predate a change).
    decide: ({ tenant, alert, config, learned }) =>
      step.decide({
        tenant,
        alert,
        ...withinOperatorPolicy(config.providers, config.llmBudget.dailyTokens, policy),
        examples: learned?.similar(alert, PROMPT_EXAMPLES) ?? [],
      }),
  };
}
