/**
 * The adapters each function needs, built on first use and kept for the container's life.
 * Handlers import from here; tests build their own adapters around local clients instead.
 */
import type { Authenticator } from './auth/authenticate.ts';
import { jwtSettingsFromEnv } from './auth/jwt-settings-from-env.ts';
import { createJwtVerifier } from './auth/jwt-verifier.ts';
import { dynamodb, sfn, sqs } from './clients.ts';
import { cachedTenantConfigs } from './config/cached-tenant-configs.ts';
import { optionalEnv, requireEnv } from './config/env.ts';
import type { AlertStore } from './domain/alert-store.ts';
import type { ApprovalStore } from './domain/approval-store.ts';
import type { AuditLog } from './domain/audit-log.ts';
import type { AuditStore } from './domain/audit-store.ts';
import type { IntegrationKeyStore } from './domain/integration-key-store.ts';
import type { RateLimiter } from './domain/rate-limiter.ts';
import type { TenantConfigStore } from './domain/tenant-config-store.ts';
import type { TriageQueue } from './domain/triage-queue.ts';
import type { Workflow } from './domain/workflow.ts';
import { asRouterStep, createLlmStep } from './llm/llm-router-step.ts';
import { notify } from './notifications/notify.ts';
import { logger } from './observability.ts';
import { SqsAuditLog } from './queue/sqs-audit-log.ts';
import { SqsTriageQueue } from './queue/sqs-triage-queue.ts';
import type { ExecutorDeps } from './remediation/executors/executor-for.ts';
import { createSecretResolver } from './remediation/executors/secret-resolver.ts';
import { notificationRecord } from './remediation/remediation-events.ts';
import { keylessStep } from './routing/keyless-step.ts';
import type { RouterStep } from './routing/router-step.ts';
import { DynamoAlertStore } from './store/dynamo-alert-store.ts';
import { DynamoApprovalStore } from './store/dynamo-approval-store.ts';
import { DynamoAuditStore } from './store/dynamo-audit-store.ts';
import { DynamoIntegrationKeyStore } from './store/dynamo-integration-key-store.ts';
import { DynamoRateLimiter } from './store/dynamo-rate-limiter.ts';
import { DynamoTenantConfigStore } from './store/dynamo-tenant-config-store.ts';
import { enforceRateLimit } from './use-cases/enforce-rate-limit.ts';
import type { RemediationDeps } from './use-cases/remediation/deps.ts';
import { StepFunctionsWorkflow } from './workflow/step-functions-workflow.ts';

function once<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
}

export const alertStore = once((): AlertStore => new DynamoAlertStore(dynamodb, requireEnv('ALERTS_TABLE')));

export const integrationKeyStore = once(
  (): IntegrationKeyStore => new DynamoIntegrationKeyStore(dynamodb, requireEnv('INTEGRATION_KEYS_TABLE')),
);

export const tenantConfigStore = once((): TenantConfigStore => new DynamoTenantConfigStore(dynamodb, requireEnv('TENANT_CONFIGS_TABLE')));

export const triageQueue = once((): TriageQueue => new SqsTriageQueue(sqs, requireEnv('TRIAGE_QUEUE_NAME')));

export const authenticator = once(
  (): Authenticator => ({
    verifyJwt: createJwtVerifier(jwtSettingsFromEnv()),
    integrationKeys: integrationKeyStore(),
    recordDenial: (event) => auditLog().send([event]),
    limitRate: (principal, routeClass, route, correlationId) =>
      enforceRateLimit(
        { limiter: rateLimiter(), configOf: tenantConfigs(), audit: auditLog() },
        principal,
        routeClass,
        route,
        correlationId,
      ),
  }),
);

export const rateLimiter = once((): RateLimiter => new DynamoRateLimiter(dynamodb, requireEnv('PROVIDER_STATE_TABLE')));

export const auditStore = once((): AuditStore => new DynamoAuditStore(dynamodb, requireEnv('AUDIT_TABLE')));

export const auditLog = once((): AuditLog => new SqsAuditLog(sqs, requireEnv('AUDIT_QUEUE_NAME')));

export const tenantConfigs = once(() => cachedTenantConfigs(tenantConfigStore()));

/** The router chain after the tenant's rules: LLM providers (when configured), then the keyless classifier. */
export const triageSteps = once((): readonly RouterStep[] => [asRouterStep(createLlmStep()), keylessStep]);

export const approvalStore = once((): ApprovalStore => new DynamoApprovalStore(dynamodb, requireEnv('APPROVALS_TABLE')));

export const workflow = once((): Workflow => new StepFunctionsWorkflow(sfn(), requireEnv('REMEDIATION_STATE_MACHINE_ARN')));

/** What the remediation use cases need; the workflow client is made only when a use case calls it. */
export const remediation = once(
  (): RemediationDeps => ({
    alerts: alertStore(),
    approvals: approvalStore(),
    get workflow() {
      return workflow();
    },
    audit: auditLog(),
    configOf: tenantConfigs(),
    notify: async (targets, event, correlationId) => {
      const results = await notify(targets, event);
      // Best effort: a notification's record must not fail the step that sent it.
      await auditLog()
        .send(results.map((result) => notificationRecord(event, result, correlationId)))
        .catch((error: unknown) => logger.warn('notification results not recorded', { tenant: event.tenant, error }));
    },
    publicBaseUrl: optionalEnv('PUBLIC_BASE_URL'),
  }),
);

/** Live executors' secrets and breakers: kept for the container's life. */
export const executors = once((): ExecutorDeps => ({ resolveSecret: createSecretResolver() }));
