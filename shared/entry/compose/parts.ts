/** The pieces several functions are built from, each from the configuration values it needs. */
import { createJwtVerifier } from '../../adapters/auth/jwt-verifier.ts';
import { DynamoAlertStore } from '../../adapters/dynamodb/dynamo-alert-store.ts';
import { DynamoIntegrationKeyStore } from '../../adapters/dynamodb/dynamo-integration-key-store.ts';
import { DynamoRateLimiter } from '../../adapters/dynamodb/dynamo-rate-limiter.ts';
import { DynamoTenantConfigStore } from '../../adapters/dynamodb/dynamo-tenant-config-store.ts';
import { isLocalRuntime } from '../../adapters/runtime.ts';
import { type SecretReaders, tenantSecretReaders } from '../../adapters/secrets/api-keys.ts';
import { SqsAuditLog } from '../../adapters/sqs/sqs-audit-log.ts';
import { enforceRateLimit, limitUnauthenticated } from '../../app/auth/enforce-rate-limit.ts';
import { recordDenial } from '../../app/auth/record-denial.ts';
import { cachedTenantConfigs } from '../../app/tenants/cached-tenant-configs.ts';
import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import type { OperatorPolicy } from '../../domain/tenants/operator-policy.ts';
import type { OperatorLimits } from '../../domain/tenants/rate-limiter.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import { DEFAULT_TENANT_CONFIG } from '../../domain/tenants/tenant-config.ts';
import { type Config, ConfigurationError, readConfig, type VariableName } from '../config/config.ts';
import { JWT_VARIABLES, jwtSettings } from '../config/jwt-settings.ts';
import type { RouteWiring } from '../http/http-route.ts';
import { dynamodb, sqs } from './aws.ts';

export type TenantConfigs = (tenant: string) => Promise<TenantConfig>;

export function alertStore(config: Config<'ALERTS_TABLE'>): AlertStore {
  return new DynamoAlertStore(dynamodb(), config.ALERTS_TABLE);
}

export function auditLog(config: Config<'AUDIT_QUEUE_NAME'>): AuditLog {
  return new SqsAuditLog(sqs(), config.AUDIT_QUEUE_NAME);
}

/** Tenant configuration as stored now, uncached: where a stale one would do harm. */
export function currentTenantConfigs(config: Config<'TENANT_CONFIGS_TABLE'>): TenantConfigs {
  const store = new DynamoTenantConfigStore(dynamodb(), config.TENANT_CONFIGS_TABLE);
  return async (tenant) => (await store.get(tenant))?.config ?? DEFAULT_TENANT_CONFIG;
}

/** Tenant configuration, cached for 30 s per container. */
export function tenantConfigs(config: Config<'TENANT_CONFIGS_TABLE'>): TenantConfigs {
  return cachedTenantConfigs(new DynamoTenantConfigStore(dynamodb(), config.TENANT_CONFIGS_TABLE));
}

/** What every authenticated route needs: who is calling, refusals audited, the tenant's rate counted. */
export const LIMIT_VARIABLES = [
  'LIMIT_TENANT_API_PER_MINUTE',
  'LIMIT_TENANT_WEBHOOK_PER_MINUTE',
  'LIMIT_PRINCIPAL_PER_MINUTE',
  'LIMIT_UNAUTHENTICATED_PER_MINUTE',
] as const;

export const API_VARIABLES = [
  ...JWT_VARIABLES,
  'INTEGRATION_KEYS_TABLE',
  'PROVIDER_STATE_TABLE',
  'TENANT_CONFIGS_TABLE',
  'AUDIT_QUEUE_NAME',
  ...LIMIT_VARIABLES,
] as const;

/** An HTTP function's configuration, and the pieces every route uses. */
export interface Api<K extends VariableName> {
  readonly config: Config<(typeof API_VARIABLES)[number] | K>;
  /** What httpRoute needs: who is calling, refusals audited, the tenant's rate counted. */
  readonly http: RouteWiring;
  readonly audit: AuditLog;
  readonly configOf: TenantConfigs;
}

/** The operator's request limits per minute (deployment configuration). */
export function operatorLimits(config: Config<(typeof LIMIT_VARIABLES)[number]>): OperatorLimits {
  return {
    apiPerMinute: config.LIMIT_TENANT_API_PER_MINUTE,
    webhookPerMinute: config.LIMIT_TENANT_WEBHOOK_PER_MINUTE,
    principalPerMinute: config.LIMIT_PRINCIPAL_PER_MINUTE,
    unauthenticatedPerMinute: config.LIMIT_UNAUTHENTICATED_PER_MINUTE,
  };
}

/** Reads the API's variables plus `extra` at cold start, and builds what every route uses. */
export function api<K extends VariableName>(extra: readonly K[]): Api<K> {
  const config = readConfig([...API_VARIABLES, ...extra]);
  const audit = auditLog(config);
  const configOf = tenantConfigs(config);
  const limiter = new DynamoRateLimiter(dynamodb(), config.PROVIDER_STATE_TABLE);
  const limits = operatorLimits(config);
  const http: RouteWiring = {
    authenticator: {
      verifyJwt: createJwtVerifier(jwtSettings(config)),
      integrationKeys: new DynamoIntegrationKeyStore(dynamodb(), config.INTEGRATION_KEYS_TABLE),
    },
    recordDenial: (denial) => recordDenial({ limiter, audit }, denial),
    limitRate: (principal, routeClass, route, correlationId) =>
      enforceRateLimit({ limiter, limits, configOf, audit }, principal, routeClass, route, correlationId),
    limitUnauthenticated: (sourceIp) => limitUnauthenticated({ limiter, limits }, sourceIp),
  };
  return { config, http, audit, configOf };
}

/** What the operator allows every tenant (deployment configuration). */
export function operatorPolicy(): OperatorPolicy {
  const config = readConfig([
    'LLM_ALLOWED_MODELS',
    'LLM_MAX_DAILY_TOKENS',
    'LIMIT_TENANT_API_PER_MINUTE',
    'LIMIT_TENANT_WEBHOOK_PER_MINUTE',
  ]);
  return {
    allowedModels: config.LLM_ALLOWED_MODELS,
    maxDailyTokens: config.LLM_MAX_DAILY_TOKENS,
    limits: { apiPerMinute: config.LIMIT_TENANT_API_PER_MINUTE, webhookPerMinute: config.LIMIT_TENANT_WEBHOOK_PER_MINUTE },
  };
}

/** In the cloud, each tenant's secrets are read in a session tagged with the tenant (IAM ABAC). */
export function tenantSecretSessions(): { readersFor?: (tenant: string) => SecretReaders } {
  // Locally secrets are env: refs (and the role's ARN is not rendered): the function's own credentials.
  if (isLocalRuntime()) return {};
  const { TENANT_SECRETS_ROLE_ARN } = readConfig(['TENANT_SECRETS_ROLE_ARN']);
  if (TENANT_SECRETS_ROLE_ARN === undefined)
    throw new ConfigurationError('TENANT_SECRETS_ROLE_ARN is required in Lambda: tenant secrets are read in tagged sessions');
  return { readersFor: tenantSecretReaders(TENANT_SECRETS_ROLE_ARN) };
}
