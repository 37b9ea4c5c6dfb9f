import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../../../shared/adapters/auth/jwt-verifier.ts';
import { ServiceUnavailableError, UnauthorizedError } from '../../../../shared/domain/errors.ts';
import type { JwtVerifier } from '../../../../shared/domain/roles.ts';

const issuer = 'https://idp.example';
const audience = 'alertgate';
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

let signingKey: Key;
let otherKey: Key;
let publicJwk: Record<string, unknown>;
let verify: JwtVerifier;

function token(claims: JWTPayload, options: { key?: Key; iss?: string; aud?: string; exp?: string | number } = {}) {
  return new SignJWT({ tenant: 'acme', roles: ['viewer'], ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject('alice')
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '1h')
    .sign(options.key ?? signingKey);
}

async function reasonFor(jwt: string): Promise<string> {
  try {
    await verify(jwt);
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedError);
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

beforeAll(async () => {
  ({ privateKey: signingKey } = await generateKeyPair('ES256', { extractable: true }).then(async (pair) => {
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    return pair;
  }));
  ({ privateKey: otherKey } = await generateKeyPair('ES256'));
  verify = createJwtVerifier({
    keys: createLocalJWKSet({ keys: [publicJwk] }),
    issuer,
    audience,
    algorithms: ['ES256', 'RS256'],
    tenantClaim: 'tenant',
    rolesClaim: 'roles',
    maxTokenAge: '12h',
  });
});

describe('the JWT verifier', () => {
  it('gives the subject, tenant, known roles and expiry of a valid token', async () => {
    const issued = await token({ roles: ['viewer', 'approver', 'superuser'] });
    const principal = await verify(issued);
    const { exp } = JSON.parse(Buffer.from(issued.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number };
    expect(principal).toEqual({ subject: 'alice', tenant: 'acme', roles: ['viewer', 'approver'], via: 'jwt', expiresAt: exp });
  });

  it('reads roles from a space-separated claim too', async () => {
    expect((await verify(await token({ roles: 'viewer admin' }))).roles).toEqual(['viewer', 'admin']);
  });

  it('refuses an expired token', async () => {
    expect(await reasonFor(await token({}, { exp: Math.floor(Date.now() / 1000) - 3600 }))).toMatch(/expired/);
  });

  it('refuses a token signed by another key', async () => {
    expect(await reasonFor(await token({}, { key: otherKey }))).toMatch(/signature/);
  });

  it('refuses the wrong issuer', async () => {
    expect(await reasonFor(await token({}, { iss: 'https://evil.example' }))).toMatch(/iss/);
  });

  it('refuses the wrong audience', async () => {
    expect(await reasonFor(await token({}, { aud: 'another-api' }))).toMatch(/aud/);
  });

  it('refuses alg none', async () => {
    const unsecured = new UnsecuredJWT({ tenant: 'acme', roles: ['admin'] })
      .setSubject('mallory')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('1h')
      .encode();
    await reasonFor(unsecured);
  });

  it('refuses an HMAC token keyed with the public key (HS/RS confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const forged = await new SignJWT({ tenant: 'acme', roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('mallory')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('1h')
      .sign(secret);
    expect(await reasonFor(forged)).toMatch(/algorithm/);
  });

  it('refuses a malformed token', async () => {
    expect(await reasonFor('not.a.jwt')).toMatch(/malformed|not valid/);
  });

  it('refuses a token without a tenant', async () => {
    expect(await reasonFor(await token({ tenant: undefined }))).toMatch(/tenant/);
  });

  it('refuses a tenant that is not a plain identifier', async () => {
    expect(await reasonFor(await token({ tenant: '../other' }))).toMatch(/tenant/);
  });

  /** A token with exactly these claims besides tenant, roles, iss, aud and a far exp. */
  const raw = (claims: JWTPayload) =>
    new SignJWT({
      tenant: 'acme',
      roles: ['viewer'],
      iss: issuer,
      aud: audience,
      exp: Math.floor(Date.now() / 1000) + 3650 * 86400,
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(signingKey);
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a token without iat, or older than the maximum age however late it expires', async () => {
    expect(await reasonFor(await raw({ sub: 'alice' }))).toBe("the token's iat claim is not accepted");
    expect(await reasonFor(await raw({ sub: 'alice', iat: now() - 13 * 3600 }))).toBe('the token is older than the maximum token age');
    expect((await verify(await raw({ sub: 'alice', iat: now() - 3600 }))).subject).toBe('alice');
  });

  it.each(['', '   ', 'system', 'integration-key:0123456789abcdef', 'x'.repeat(257)])(
    'refuses the subject %j, which would not name a person (or would pass for alertgate itself)',
    async (sub) => {
      expect(await reasonFor(await raw({ sub, iat: now() }))).toBe('the token has no usable sub claim');
    },
  );
});

describe('when the identity provider is unreachable', () => {
  it('answers 503 (retry), not 401 (drop)', async () => {
    const unreachable = createJwtVerifier({
      keys: async () => {
        throw new TypeError('fetch failed');
      },
      issuer,
      audience,
      algorithms: ['ES256'],
      tenantClaim: 'tenant',
      rolesClaim: 'roles',
      maxTokenAge: '12h',
    });
    await expect(unreachable(await token({}))).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
