/** Integration keys of the caller's tenant: issued once (the key is shown only then), listed, revoked. */
import { z } from 'zod';
import { issueIntegrationKey } from '../auth/integration-key.ts';
import type { Page } from '../domain/alert-store.ts';
import { BadRequestError } from '../domain/errors.ts';
import type { IntegrationKeyRecord, IntegrationKeyStore } from '../domain/integration-key-store.ts';
import type { Principal } from '../domain/roles.ts';
import { validate } from '../sources/validate.ts';

const createRequest = z.object({ name: z.string().trim().min(1).max(200) });

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

export async function createIntegrationKey(store: IntegrationKeyStore, principal: Principal, body: unknown, now = new Date()) {
  const { name } = validate(createRequest, body, 'integration key request');
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
  return { ...integrationKeyView(record), key: issued.key };
}

export async function revokeIntegrationKey(store: IntegrationKeyStore, principal: Principal, keyId: string | undefined, now = new Date()) {
  if (keyId === undefined || !/^[0-9a-f]{16}$/.test(keyId)) throw new BadRequestError('An integration key id is 16 hex digits');
  await store.revoke(principal.tenant, keyId, principal.subject, now.toISOString());
}

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(2048).optional() });

export async function listIntegrationKeys(
  store: IntegrationKeyStore,
  principal: Principal,
  query: unknown,
): Promise<Page<IntegrationKeyRecord>> {
  const parsed = listQuery.safeParse(query);
  if (!parsed.success) throw new BadRequestError('limit must be 1 to 100');
  return store.list(principal.tenant, parsed.data.limit, parsed.data.cursor);
}
