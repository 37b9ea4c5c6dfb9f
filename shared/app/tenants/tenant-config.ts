/**
 * A tenant's configuration, for that tenant's admins only: another tenant's path answers 404.
 * Writes name the version they replace (If-Match: the ETag a GET gave); a stale one answers 412.
 */

import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Page } from '../../domain/alerts/alert-store.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { canonicalJson } from '../../domain/audit/canonical-json.ts';
import { ConflictError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, ValidationError } from '../../domain/errors.ts';
import type { Log } from '../../domain/log.ts';
import type { Principal } from '../../domain/roles.ts';
import type { SlackTeams } from '../../domain/slack/slack-teams.ts';
import { type OperatorPolicy, operatorPolicyProblems } from '../../domain/tenants/operator-policy.ts';
import { DEFAULT_TENANT_CONFIG, type DestinationCheck, destinationsOf, type TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { StoredTenantConfig, TenantConfigStore } from '../../domain/tenants/tenant-config-store.ts';
import { withSecretsKept } from '../../domain/tenants/write-only.ts';

export const etagOf = (version: number) => `"v${version}"`;

export function ownTenant(principal: Principal, tenant: string | undefined): string {
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

/**
 * The audit event of a version: who, when, which version, and a SHA-256 of the configuration it
 * stored (the history keeps the configuration itself), never the body, which may be hundreds of
 * kilobytes and hold secrets in URLs. `changed` names the sections that differ from the version before.
 */
export function configChanged(stored: StoredTenantConfig, previous: TenantConfig | undefined, correlationId: string): AuditEvent {
  const text = canonicalJson(stored.config);
  const changed = Object.keys(stored.config).filter(
    (section) =>
      previous === undefined ||
      canonicalJson((previous as Record<string, unknown>)[section] ?? null) !==
        canonicalJson((stored.config as Record<string, unknown>)[section] ?? null),
  );
  return {
    eventId: `config:${stored.tenant}:v${stored.version}`,
    tenant: stored.tenant,
    time: stored.updatedAt,
    type: 'config.changed',
    actor: stored.updatedBy,
    subjects: {},
    correlationId,
    data: { version: stored.version, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text), changed },
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

export interface ConfigWriteDeps {
  readonly store: TenantConfigStore;
  readonly audit: AuditLog;
  readonly checkDestination: DestinationCheck;
  /** What the operator allows: a configuration above it is refused, naming the fields. */
  readonly operator: OperatorPolicy;
  readonly log: Log;
  /** Which tenant answers for which Slack workspace: one tenant per workspace. */
  readonly slackTeams?: SlackTeams;
}

/** The Slack workspace a configuration names is this tenant's, or the write is refused naming the field. */
async function claimSlackTeam(deps: ConfigWriteDeps, tenant: string, config: TenantConfig): Promise<void> {
  const teamId = config.slack?.teamId;
  if (teamId === undefined || deps.slackTeams === undefined) return;
  if ((await deps.slackTeams.claim(teamId, tenant)) === 'taken') {
    const message = 'this Slack workspace is connected to another tenant';
    throw new ValidationError('The configuration is not valid: check slack.teamId', [{ field: 'slack.teamId', message }]);
  }
}

/**
 * Writes the next version with its audit event owed in the same transaction, then sends the event
 * and settles it. If the audit queue fails, the change still stands and its event stays owed:
 * the sweeper (resend-owed-events, every minute) sends it, so no accepted change goes unaudited.
 */
export async function writeTenantConfig(
  deps: ConfigWriteDeps,
  principal: Principal,
  tenant: string | undefined,
  ifMatch: string | undefined,
  sent: TenantConfig,
  correlationId: string,
  now = new Date(),
): Promise<StoredTenantConfig> {
  const own = ownTenant(principal, tenant);
  refuseDestinations(sent, deps.checkDestination);
  const aboveOperator = operatorPolicyProblems(sent, deps.operator);
  if (aboveOperator.length > 0) {
    throw new ValidationError(
      `The configuration is not valid: check ${aboveOperator.map((problem) => problem.field).join(', ')}`,
      aboveOperator,
    );
  }
  const expected = versionFromIfMatch(ifMatch);
  const current = await deps.store.get(own);
  const version = current?.version ?? 0;
  if (version !== expected) throw new PreconditionFailedError(`The configuration is at version ${version}, not ${expected}: read it again`);
  const kept = withSecretsKept(sent, current?.config);
  if (kept.unresolved.length > 0) {
    const message = 'the URL is hidden (write-only) and no stored URL of that id and origin stands behind it: send the full URL';
    throw new ValidationError(
      `The configuration is not valid: check ${kept.unresolved.join(', ')}`,
      kept.unresolved.map((field) => ({ field, message })),
    );
  }
  const config = kept.config;
  refuseDestinations(config, deps.checkDestination);
  await claimSlackTeam(deps, own, config);
  const next: StoredTenantConfig = {
    tenant: own,
    version: expected + 1,
    config,
    updatedAt: now.toISOString(),
    updatedBy: principal.subject,
  };
  const event = configChanged(next, current?.config, correlationId);
  let stored: StoredTenantConfig;
  try {
    stored = await deps.store.put(own, config, expected, principal.subject, next.updatedAt, event);
  } catch (error: unknown) {
    // A workspace claimed for a write that did not happen is let go again, unless the stored config names it.
    const claimed = config.slack?.teamId;
    if (claimed !== undefined && claimed !== current?.config.slack?.teamId) {
      await deps.slackTeams
        ?.release(claimed, own)
        .catch((cause: unknown) => deps.log.warn('Slack workspace not released', { error: cause }));
    }
    if (error instanceof ConflictError)
      throw new PreconditionFailedError('The configuration changed while you wrote it: read it again', { cause: error });
    throw error;
  }
  // A workspace the tenant no longer names is let go (a failure only keeps it reserved to this tenant).
  const previousTeam = current?.config.slack?.teamId;
  if (previousTeam !== undefined && previousTeam !== config.slack?.teamId) {
    await deps.slackTeams?.release(previousTeam, own).catch((error: unknown) => deps.log.warn('Slack workspace not released', { error }));
  }
  try {
    await deps.audit.send([event]);
    await deps.store.settle(own, stored.version);
  } catch (error: unknown) {
    deps.log.warn('config.changed not sent yet; it stays owed for the sweeper', { tenant: own, version: stored.version, error });
  }
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

/** Every minute: the audit events of versions whose writer could not send them. */
export async function resendOwedConfigEvents(deps: Pick<ConfigWriteDeps, 'store' | 'audit'>, now = new Date()): Promise<number> {
  // A minute's grace: the writer itself is probably still sending.
  const owed = await deps.store.owed(new Date(now.getTime() - 60_000).toISOString(), 100);
  for (const { tenant, version, event } of owed) {
    await deps.audit.send([event]);
    await deps.store.settle(tenant, version);
  }
  return owed.length;
}
