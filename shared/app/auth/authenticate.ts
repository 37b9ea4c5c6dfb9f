/**
 * Who is calling: a bearer JWT, or an integration key (as a bearer token, or in the body for
 * senders that cannot set headers, such as PagerDuty's `routing_key`). The tenant always comes
 * from the credential, never from the body or the path.
 */

import { ForbiddenError, UnauthorizedError } from '../../domain/errors.ts';
import type { JwtVerifier, Principal } from '../../domain/roles.ts';
import { looksLikeIntegrationKey, parseIntegrationKey, secretMatches } from '../../domain/tenants/integration-key.ts';
import type { IntegrationKeyStore } from '../../domain/tenants/integration-key-store.ts';

export interface Authenticator {
  readonly verifyJwt: JwtVerifier;
  readonly integrationKeys: IntegrationKeyStore;
}

export interface Credentials {
  readonly authorization: string | undefined;
  /** Only on routes that accept integration keys. */
  readonly keyInBody?: string;
  readonly acceptsIntegrationKeys: boolean;
}

async function principalForKey(store: IntegrationKeyStore, key: string, now: Date): Promise<Principal> {
  const parsed = parseIntegrationKey(key);
  if (parsed === undefined) throw new UnauthorizedError('the integration key is malformed', 'invalid');
  const record = await store.find(parsed.keyId);
  if (record === undefined || record.revokedAt !== undefined || !secretMatches(parsed.secret, record.secretHash)) {
    throw new UnauthorizedError('the integration key is unknown or revoked', 'invalid');
  }
  if (record.expiresAt !== undefined && now.toISOString() >= record.expiresAt) {
    throw new UnauthorizedError(`the integration key expired at ${record.expiresAt}`, 'invalid');
  }
  // At most once an hour, judged on the record just read, so a busy key costs no write per
  // request; the store's conditional write settles racing instances. Best effort: a failed
  // touch must not refuse the sender.
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  if (record.lastUsedAt === undefined || record.lastUsedAt < hourAgo)
    await store.touch(record.keyId, now.toISOString()).catch(() => undefined);
  return {
    subject: `integration-key:${record.keyId}`,
    tenant: record.tenant,
    roles: (record.scopes ?? ['webhooks']).map((scope) => (scope === 'webhooks' ? 'ingest' : 'metrics')),
    via: 'integration-key',
    ...(record.sources === undefined ? {} : { sources: record.sources }),
  };
}

/** An integration key scoped to other sources is refused (403, audited): a PagerDuty key cannot post Alertmanager alerts. */
export function assertMaySend(principal: Principal, source: string | undefined): void {
  if (principal.sources === undefined || principal.sources.some((allowed) => allowed === source)) return;
  throw new ForbiddenError(`This integration key may post to ${principal.sources.join(', ')} only, not ${JSON.stringify(source ?? '')}`, {
    subject: principal.subject,
    tenant: principal.tenant,
  });
}

export async function authenticate(auth: Authenticator, credentials: Credentials, now = new Date()): Promise<Principal> {
  const { authorization, keyInBody, acceptsIntegrationKeys } = credentials;
  if (authorization === undefined || authorization.trim() === '') {
    if (acceptsIntegrationKeys && keyInBody !== undefined && looksLikeIntegrationKey(keyInBody)) {
      return principalForKey(auth.integrationKeys, keyInBody, now);
    }
    throw new UnauthorizedError('send a bearer token in the Authorization header', 'missing');
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  const token = match?.[1];
  if (token === undefined) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"', 'invalid');
  if (looksLikeIntegrationKey(token)) {
    if (!acceptsIntegrationKeys)
      throw new UnauthorizedError('integration keys are accepted only by the webhook and metrics routes', 'invalid');
    return principalForKey(auth.integrationKeys, token, now);
  }
  return auth.verifyJwt(token);
}
