/** The triage consumer: the router chain after the tenant's rules, and the remediation it starts. */
import { DynamoCircuitBreakerStore } from '../../adapters/dynamodb/dynamo-circuit-breaker-store.ts';
import { DynamoLearningStore } from '../../adapters/dynamodb/dynamo-learning-store.ts';
import { DynamoStatsStore } from '../../adapters/dynamodb/dynamo-stats-store.ts';
import { DynamoTokenBudget } from '../../adapters/dynamodb/dynamo-token-budget.ts';
import { llmClients } from '../../adapters/llm/llm-clients.ts';
import { asRouterStep, createLlmStep } from '../../adapters/llm/llm-router-step.ts';
import { logger, meter } from '../../adapters/observability.ts';
import { createApiKeyResolver } from '../../adapters/secrets/api-keys.ts';
import { SqsTriageQueue } from '../../adapters/sqs/sqs-triage-queue.ts';
import { RecentIncidents } from '../../app/incidents/recent-incidents.ts';
import type { TriageMessageDeps } from '../../app/triage/handle-triage-message.ts';
import { LearnedModels } from '../../app/triage/learned-models.ts';
import { SharedCircuitBreaker } from '../../domain/breaker.ts';
import { keylessStep } from '../../domain/triage/keyless/keyless-step.ts';
import { learnedStep } from '../../domain/triage/learning/learned-step.ts';
import { readConfig } from '../config/config.ts';
import { dynamodb, sqs } from './aws.ts';
import { outboundFetch } from './outbound.ts';
import { alertStore, auditLog, operatorPolicy, tenantConfigs, tenantSecretSessions } from './parts.ts';
import { REMEDIATION_VARIABLES, remediationDeps } from './remediation.ts';

export function triageConsumer(): TriageMessageDeps {
  const config = readConfig([...REMEDIATION_VARIABLES, 'TRIAGE_QUEUE_NAME', 'LEARNING_TABLE', 'STATS_TABLE']);
  const audit = auditLog(config);
  const configOf = tenantConfigs(config);
  // LLM providers (when the tenant configures them) share one breaker and budget per tenant across instances.
  const llm = createLlmStep({
    breaker: new SharedCircuitBreaker(new DynamoCircuitBreakerStore(dynamodb(), config.PROVIDER_STATE_TABLE)),
    budget: new DynamoTokenBudget(dynamodb(), config.PROVIDER_STATE_TABLE),
    apiKeys: createApiKeyResolver({ stage: config.STAGE, env: process.env, ...tenantSecretSessions() }),
    clients: llmClients(outboundFetch()),
    log: logger,
    meter,
  });
  const remediation = remediationDeps(config, { audit, configOf });
  return {
    triage: {
      incidents: remediation.incidents,
      // Per container: the incident each group last joined (group-alert.ts).
      recentIncidents: new RecentIncidents(),
      targets: remediation.targets,
      alerts: alertStore(config),
      queue: new SqsTriageQueue(sqs(), config.TRIAGE_QUEUE_NAME),
      audit,
      configOf,
      // Rules come first (route-alert.ts), then what the tenant learned, its LLMs, and the keyless classifier.
      steps: [learnedStep, asRouterStep(llm, operatorPolicy()), keylessStep],
      learned: new LearnedModels(new DynamoLearningStore(dynamodb(), config.LEARNING_TABLE), {
        stats: new DynamoStatsStore(dynamodb(), config.STATS_TABLE),
      }),
      log: logger,
    },
    remediation,
  };
}
