/** Integration keys of the caller's tenant: issued once (the key is shown only then), listed, revoked. */
import * as z from 'zod';
import { SOURCES } from '../../domain/alerts/alert.ts';
import type { Page } from '../../domain/alerts/alert-store.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { BadRequestError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import { issueIntegrationKey } from '../../domain/tenants/integration-key.ts';
import { type IntegrationKeyRecord, type IntegrationKeyStore, KEY_SCOPES } from '../../domain/tenants/integration-key-store.ts';

export const createIntegrationKeyBody = z.object({
  name: z.string().trim().min(1).max(200),
  /** The webhook sources the key may post to: a key made for PagerDuty cannot post Alertmanager alerts. */
  sources: z.array(z.enum(SOURCES)).min(1).max(SOURCES.length),
  /** What it may do (default: post webhooks). A scraper's key takes `metrics` alone. */
  scopes: z.array(z.enum(KEY_SCOPES)).min(1).max(KEY_SCOPES.length).default(['webhooks']),
  /** When the key stops working (ISO 8601, within two years); never, when absent. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export function integrationKeyView(record: IntegrationKeyRecord) {
  return {
    id: record.keyId,
    name: record.name,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    sources: record.sources ?? [...SOURCES],
    scopes: record.scopes ?? ['webhooks'],
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
    revokedBy: record.revokedBy,
  };
}

function keyEvent(
  type: 'integration-key.created' | 'integration-key.revoked',
  record: IntegrationKeyRecord,
  actor: string,
  at: string,
  correlationId: string,
): AuditEvent {
  return {
    eventId: `${type}:${record.keyId}`,
    tenant: record.tenant,
    time: at,
    type,
    actor,
    subjects: { keyId: record.keyId },
    correlationId,
    data: {
      name: record.name,
      sources: record.sources ?? [...SOURCES],
      scopes: record.scopes ?? ['webhooks'],
      expiresAt: record.expiresAt ?? null,
    },
  };
}

interface KeyDeps {
  readonly store: IntegrationKeyStore;
  readonly audit: AuditLog;
}

/**
 * Issues a key and records it in the audit log; if the audit log cannot take the event, the key
 * is revoked again before the call fails, so no key exists that the log does not know of.
 */
export async function createIntegrationKey(
  deps: KeyDeps,
  principal: Principal,
  body: z.output<typeof createIntegrationKeyBody>,
  correlationId: string,
  now = new Date(),
) {
  const { store } = deps;
  const { name, sources, scopes } = body;
  const expiresAt = body.expiresAt === undefined ? undefined : new Date(body.expiresAt).toISOString();
  if (expiresAt !== undefined && (expiresAt <= now.toISOString() || Date.parse(expiresAt) > now.getTime() + 2 * 365 * 86_400_000)) {
    throw new ValidationError('The integration key is not valid: check expiresAt', [
      { field: 'expiresAt', message: 'must be in the future, and at most two years away' },
    ]);
  }
  const issued = issueIntegrationKey();
  const record: IntegrationKeyRecord = {
    keyId: issued.keyId,
    tenant: principal.tenant,
    name,
    secretHash: issued.secretHash,
    createdAt: now.toISOString(),
    createdBy: principal.subject,
    sources: [...new Set(sources)],
    scopes: [...new Set(scopes)],
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  await store.create(record);
  try {
    await deps.audit.send([keyEvent('integration-key.created', record, principal.subject, record.createdAt, correlationId)]);
  } catch (error: unknown) {
    await store.revoke(principal.tenant, record.keyId, 'system', new Date().toISOString());
    throw error;
  }
  return { ...integrationKeyView(record), key: issued.key };
}

/** Revokes a key of the caller's tenant. Revoking it again re-sends the audit event (a retry after a failed send). */
export async function revokeIntegrationKey(
  deps: KeyDeps,
  principal: Principal,
  keyId: string | undefined,
  correlationId: string,
  now = new Date(),
) {
  if (keyId === undefined || !/^[0-9a-f]{16}$/.test(keyId)) throw new BadRequestError('An integration key id is 16 hex digits');
  const found = await deps.store.find(keyId);
  if (found === undefined || found.tenant !== principal.tenant) throw new NotFoundError(`No integration key ${keyId}`);
  if (found.revokedAt === undefined) await deps.store.revoke(principal.tenant, keyId, principal.subject, now.toISOString());
  const revokedAt = found.revokedAt ?? now.toISOString();
  const actor = found.revokedBy ?? principal.subject;
  await deps.audit.send([keyEvent('integration-key.revoked', found, actor, revokedAt, correlationId)]);
}

export const listIntegrationKeysQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export async function listIntegrationKeys(
  store: IntegrationKeyStore,
  principal: Principal,
  query: z.output<typeof listIntegrationKeysQuery>,
): Promise<Page<IntegrationKeyRecord>> {
  return store.list(principal.tenant, query.limit, query.cursor);
}
