import { describe, expect, it } from 'vitest';
import { type Authenticator, assertMaySend, authenticate } from '../../../../shared/app/auth/authenticate.ts';
import { ForbiddenError, UnauthorizedError } from '../../../../shared/domain/errors.ts';
import { issueIntegrationKey } from '../../../../shared/domain/tenants/integration-key.ts';
import type { IntegrationKeyRecord } from '../../../../shared/domain/tenants/integration-key-store.ts';

const issued = issueIntegrationKey();
const record: IntegrationKeyRecord = {
  keyId: issued.keyId,
  tenant: 'acme',
  name: 'pagerduty',
  secretHash: issued.secretHash,
  createdAt: '2026-11-22T00:00:00Z',
  createdBy: 'admin',
};

const touched: string[] = [];

function authenticator(keys: IntegrationKeyRecord[]): Authenticator {
  return {
    verifyJwt: async () => ({ subject: 'alice', tenant: 'jwt-tenant', roles: ['viewer'], via: 'jwt' }),
    integrationKeys: {
      create: async () => {},
      find: async (keyId) => keys.find((key) => key.keyId === keyId),
      revoke: async () => {},
      list: async () => ({ items: [] }),
      touch: async (keyId, at) => {
        touched.push(`${keyId}@${at}`);
      },
    },
  };
}

async function denial(promise: Promise<unknown>): Promise<UnauthorizedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UnauthorizedError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('authenticate', () => {
  it('says credentials are missing when none were sent', async () => {
    const error = await denial(authenticate(authenticator([]), { authorization: undefined, acceptsIntegrationKeys: true }));
    expect(error.credentials).toBe('missing');
  });

  it('refuses a header that is not a bearer token', async () => {
    const error = await denial(authenticate(authenticator([]), { authorization: 'Basic YWxpY2U6cHc=', acceptsIntegrationKeys: false }));
    expect(error.credentials).toBe('invalid');
  });

  it('takes tenant and role ingest from an integration key sent as bearer token', async () => {
    const principal = await authenticate(authenticator([record]), { authorization: `Bearer ${issued.key}`, acceptsIntegrationKeys: true });
    expect(principal).toEqual({ subject: `integration-key:${issued.keyId}`, tenant: 'acme', roles: ['ingest'], via: 'integration-key' });
  });

  it('takes an integration key from the body when no header is sent', async () => {
    const principal = await authenticate(authenticator([record]), {
      authorization: undefined,
      keyInBody: issued.key,
      acceptsIntegrationKeys: true,
    });
    expect(principal.tenant).toBe('acme');
  });

  it('refuses integration keys on routes that do not accept them', async () => {
    await denial(authenticate(authenticator([record]), { authorization: `Bearer ${issued.key}`, acceptsIntegrationKeys: false }));
  });

  it('refuses a revoked key', async () => {
    const revoked = { ...record, revokedAt: '2026-11-22T01:00:00Z' };
    await denial(authenticate(authenticator([revoked]), { authorization: `Bearer ${issued.key}`, acceptsIntegrationKeys: true }));
  });

  it('refuses a key past its expiry, and records a use of a live one', async () => {
    const bearer = { authorization: `Bearer ${issued.key}`, acceptsIntegrationKeys: true };
    const expiring = { ...record, expiresAt: '2026-12-01T00:00:00.000Z' };
    touched.length = 0;
    await authenticate(authenticator([expiring]), bearer, new Date('2026-11-30T23:59:00.000Z'));
    expect(touched).toEqual([`${issued.keyId}@2026-11-30T23:59:00.000Z`]);
    // Used ten minutes ago: nothing to write, on the request path of a busy key.
    touched.length = 0;
    await authenticate(
      authenticator([{ ...expiring, lastUsedAt: '2026-11-30T23:49:00.000Z' }]),
      bearer,
      new Date('2026-11-30T23:59:00.000Z'),
    );
    expect(touched).toEqual([]);
    await expect(authenticate(authenticator([expiring]), bearer, new Date('2026-12-01T00:00:00.000Z'))).rejects.toThrow(
      'the integration key expired at 2026-12-01T00:00:00.000Z',
    );
  });

  it('scopes a key to its sources: another source is refused, and audited as who was refused', async () => {
    const pagerduty = await authenticate(authenticator([{ ...record, sources: ['pagerduty'] }]), {
      authorization: `Bearer ${issued.key}`,
      acceptsIntegrationKeys: true,
    });
    expect(pagerduty.sources).toEqual(['pagerduty']);
    expect(() => assertMaySend(pagerduty, 'pagerduty')).not.toThrow();
    const refusal = (() => {
      try {
        assertMaySend(pagerduty, 'alertmanager');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect(refusal).toMatchObject({
      message: 'This integration key may post to pagerduty only, not "alertmanager"',
      who: { tenant: 'acme' },
    });
    expect(() => assertMaySend({ subject: 'alice', tenant: 'acme', roles: ['ingest'], via: 'jwt' }, 'generic')).not.toThrow();
  });

  it('refuses a key whose secret does not match', async () => {
    const forged = `${issued.key.slice(0, -4)}AAAA`;
    await denial(authenticate(authenticator([record]), { authorization: `Bearer ${forged}`, acceptsIntegrationKeys: true }));
  });

  it('hands anything else to the JWT verifier', async () => {
    const principal = await authenticate(authenticator([]), { authorization: 'Bearer eyJ.x.y', acceptsIntegrationKeys: true });
    expect(principal.tenant).toBe('jwt-tenant');
  });
});
