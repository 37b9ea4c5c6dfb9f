/**
 * A tenant's configuration, for that tenant's admins only: another tenant's path answers 404.
 * Writes name the version they replace (If-Match: the ETag a GET gave); a stale one answers 412.
 */

import * as z from 'zod';
import type { Page } from '../../domain/alerts/alert-store.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { ConflictError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, ValidationError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import { DEFAULT_TENANT_CONFIG, type DestinationCheck, destinationsOf, type TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { StoredTenantConfig, TenantConfigStore } from '../../domain/tenants/tenant-config-store.ts';

export const etagOf = (version: number) => `"v${version}"`;

function ownTenant(principal: Principal, tenant: string | undefined): string {
  if (tenant !== principal.tenant) throw new NotFoundError(`No tenant ${JSON.stringify(tenant ?? '')}`);
  return tenant;
}

export async function readTenantConfig(
  store: TenantConfigStore,
  principal: Principal,
  tenant: string | undefined,
): Promise<StoredTenantConfig> {
  const own = ownTenant(principal, tenant);
  return (await store.get(own)) ?? { tenant: own, version: 0, config: DEFAULT_TENANT_CONFIG, updatedAt: '', updatedBy: '' };
}

function versionFromIfMatch(ifMatch: string | undefined): number {
  if (ifMatch === undefined)
    throw new PreconditionRequiredError('Send If-Match with the ETag of the configuration you read (GET it first)');
  const match = /^(?:W\/)?"v(\d{1,10})"$/.exec(ifMatch.trim());
  if (match?.[1] === undefined) throw new PreconditionFailedError(`If-Match ${ifMatch} is not an ETag this API issued`);
  return Number(match[1]);
}

/** URLs may carry a secret in the path (Slack's do) or query: the audit log keeps only the origin. */
function redacted(config: TenantConfig): TenantConfig {
  const origin = (url: string) => `${new URL(url).origin}/…`;
  const { remediation } = config;
  return {
    ...config,
    providers: config.providers.map((provider) =>
      provider.baseUrl === undefined ? provider : { ...provider, baseUrl: origin(provider.baseUrl) },
    ),
    notifications: { targets: config.notifications.targets.map((target) => ({ ...target, url: origin(target.url) })) },
    remediation: {
      ...remediation,
      webhooks: remediation.webhooks.map((webhook) => ({ ...webhook, url: origin(webhook.url) })),
      ...(remediation.alertmanager === undefined
        ? {}
        : { alertmanager: { ...remediation.alertmanager, url: origin(remediation.alertmanager.url) } }),
    },
  };
}

function configChanged(stored: StoredTenantConfig, correlationId: string): AuditEvent {
  return {
    eventId: `config:${stored.tenant}:v${stored.version}`,
    tenant: stored.tenant,
    time: stored.updatedAt,
    type: 'config.changed',
    actor: stored.updatedBy,
    subjects: {},
    correlationId,
    data: { version: stored.version, config: redacted(stored.config) },
  };
}

export const configHistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

/** A destination the egress policy refuses is refused when it is saved, naming its field. */
function refuseDestinations(config: TenantConfig, check: DestinationCheck): void {
  const problems = destinationsOf(config).flatMap(({ field, url }) => {
    const refusal = check(url);
    return refusal === undefined ? [] : [{ field, message: `egress refused: ${refusal}` }];
  });
  if (problems.length > 0) {
    throw new ValidationError(`The configuration is not valid: check ${problems.map((problem) => problem.field).join(', ')}`, problems);
  }
}

/**
 * Writes the next version, then records it in the audit log. If the audit queue fails, the call
 * answers 503; the version stands (and is in the history) but its audit event may be missing.
 */
export async function writeTenantConfig(
  deps: { readonly store: TenantConfigStore; readonly audit: AuditLog; readonly checkDestination: DestinationCheck },
  principal: Principal,
  tenant: string | undefined,
  ifMatch: string | undefined,
  config: TenantConfig,
  correlationId: string,
  now = new Date(),
): Promise<StoredTenantConfig> {
  const own = ownTenant(principal, tenant);
  refuseDestinations(config, deps.checkDestination);
  const expected = versionFromIfMatch(ifMatch);
  const version = (await deps.store.get(own))?.version ?? 0;
  if (version !== expected) throw new PreconditionFailedError(`The configuration is at version ${version}, not ${expected}: read it again`);
  let stored: StoredTenantConfig;
  try {
    stored = await deps.store.put(own, config, expected, principal.subject, now.toISOString());
  } catch (error: unknown) {
    if (error instanceof ConflictError)
      throw new PreconditionFailedError('The configuration changed while you wrote it: read it again', { cause: error });
    throw error;
  }
  await deps.audit.send([configChanged(stored, correlationId)]);
  return stored;
}

export async function tenantConfigHistory(
  store: TenantConfigStore,
  principal: Principal,
  tenant: string | undefined,
  query: z.output<typeof configHistoryQuery>,
): Promise<Page<StoredTenantConfig>> {
  return store.history(ownTenant(principal, tenant), query.limit, query.cursor);
}
