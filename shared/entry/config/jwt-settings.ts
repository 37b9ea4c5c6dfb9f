/**
 * JWT settings from the environment, read once at cold start. In the cloud, keys come from a
 * remote JWKS (`AUTH_JWKS_URL`); locally, from the JWKS file `npm start` generates, which a
 * `prod` stage refuses outright.
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { JwtSettings } from '../../adapters/auth/jwt-verifier.ts';
import { ConfigurationError, listEnv, optionalEnv, requireEnv } from './env.ts';

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;

function isKeySet(value: unknown): value is JSONWebKeySet {
  return value !== null && typeof value === 'object' && 'keys' in value && Array.isArray(value.keys);
}

function keysFromEnv(): JWTVerifyGetKey {
  const remote = optionalEnv('AUTH_JWKS_URL');
  const localFile = optionalEnv('AUTH_LOCAL_JWKS_FILE');
  if (localFile !== undefined) {
    if (optionalEnv('STAGE') === 'prod') {
      throw new ConfigurationError('AUTH_LOCAL_JWKS_FILE is for local development and is refused on the prod stage');
    }
    if (remote !== undefined) throw new ConfigurationError('Set AUTH_JWKS_URL or AUTH_LOCAL_JWKS_FILE, not both');
    const jwks: unknown = JSON.parse(readFileSync(localFile, 'utf8'));
    if (!isKeySet(jwks)) throw new ConfigurationError(`${localFile} is not a JWKS ({"keys": [...]})`);
    return createLocalJWKSet(jwks);
  }
  if (remote === undefined) throw new ConfigurationError('AUTH_JWKS_URL is required (or AUTH_LOCAL_JWKS_FILE locally)');
  return createRemoteJWKSet(new URL(remote));
}

export function jwtSettingsFromEnv(): JwtSettings {
  const algorithms = listEnv('AUTH_ALGORITHMS', ['RS256', 'ES256']);
  const symmetric = algorithms.filter((alg) => !ASYMMETRIC.test(alg));
  if (symmetric.length > 0) throw new ConfigurationError(`AUTH_ALGORITHMS accepts asymmetric algorithms only, not ${symmetric.join(', ')}`);
  return {
    keys: keysFromEnv(),
    issuer: requireEnv('AUTH_ISSUER'),
    audience: requireEnv('AUTH_AUDIENCE'),
    algorithms,
    tenantClaim: optionalEnv('AUTH_TENANT_CLAIM') ?? 'tenant',
    rolesClaim: optionalEnv('AUTH_ROLES_CLAIM') ?? 'roles',
  };
}
