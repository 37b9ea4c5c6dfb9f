/** Integration keys of the caller's tenant: issued once (the key is shown only then), listed, revoked. */
import * as z from 'zod';
import type { Page } from '../../domain/alerts/alert-store.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { BadRequestError, NotFoundError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import { issueIntegrationKey } from '../../domain/tenants/integration-key.ts';
import type { IntegrationKeyRecord, IntegrationKeyStore } from '../../domain/tenants/integration-key-store.ts';

export const createIntegrationKeyBody = z.object({ name: z.string().trim().min(1).max(200) });

export function integrationKeyView(record: IntegrationKeyRecord) {
  return {
    id: record.keyId,
    name: record.name,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
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
    data: { name: record.name },
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
  const { name } = body;
  const issued = issueIntegrationKey();
  const record: IntegrationKeyRecord = {
    keyId: issued.keyId,
    tenant: principal.tenant,
    name,
    secretHash: issued.secretHash,
    createdAt: now.toISOString(),
    createdBy: principal.subject,
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
