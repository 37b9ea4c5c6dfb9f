/**
 * The adapters each function needs, built on first use and kept for the container's life.
 * Handlers import from here; tests build their own adapters around local clients instead.
 */

import { createJwtVerifier } from '../adapters/auth/jwt-verifier.ts';
import { dynamodb, sfn, sqs } from '../adapters/aws-clients.ts';
import { DynamoAlertStore } from '../adapters/dynamodb/dynamo-alert-store.ts';
import { DynamoApprovalStore } from '../adapters/dynamodb/dynamo-approval-store.ts';
import { DynamoAuditStore } from '../adapters/dynamodb/dynamo-audit-store.ts';
import { DynamoIntegrationKeyStore } from '../adapters/dynamodb/dynamo-integration-key-store.ts';
import { DynamoRateLimiter } from '../adapters/dynamodb/dynamo-rate-limiter.ts';
import { DynamoTenantConfigStore } from '../adapters/dynamodb/dynamo-tenant-config-store.ts';
import { executorFactory } from '../adapters/executors/executor-for.ts';
import { asRouterStep, createLlmStep } from '../adapters/llm/llm-router-step.ts';
import { notify } from '../adapters/notifications/notify.ts';
import { logger } from '../adapters/observability.ts';
import { createSecretResolver } from '../adapters/secrets/secret-resolver.ts';
import { SqsAuditLog } from '../adapters/sqs/sqs-audit-log.ts';
import { SqsTriageQueue } from '../adapters/sqs/sqs-triage-queue.ts';
import { StepFunctionsWorkflow } from '../adapters/step-functions/step-functions-remediation.ts';
import type { Authenticator } from '../app/auth/authenticate.ts';
import { enforceRateLimit } from '../app/auth/enforce-rate-limit.ts';
import type { RemediationDeps } from '../app/remediation/deps.ts';
import { notificationRecord } from '../app/remediation/remediation-events.ts';
import { cachedTenantConfigs } from '../app/tenants/cached-tenant-configs.ts';
import type { AlertStore } from '../domain/alerts/alert-store.ts';
import type { TriageQueue } from '../domain/alerts/triage-queue.ts';
import type { ApprovalStore } from '../domain/approvals/approval-store.ts';
import type { AuditLog } from '../domain/audit/audit-log.ts';
import type { AuditStore } from '../domain/audit/audit-store.ts';
import type { ExecutorFor } from '../domain/remediation/execution.ts';
import type { Workflow } from '../domain/remediation/remediation-workflow.ts';
import type { IntegrationKeyStore } from '../domain/tenants/integration-key-store.ts';
import type { RateLimiter } from '../domain/tenants/rate-limiter.ts';
import type { TenantConfigStore } from '../domain/tenants/tenant-config-store.ts';
import { keylessStep } from '../domain/triage/keyless/keyless-step.ts';
import type { RouterStep } from '../domain/triage/router-step.ts';
import { optionalEnv, requireEnv } from './config/env.ts';
import { jwtSettingsFromEnv } from './config/jwt-settings.ts';

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
    log: logger,
  }),
);

/** Live executors' secrets and breakers: kept for the container's life. */
export const executors = once((): ExecutorFor => executorFactory({ resolveSecret: createSecretResolver() }));
