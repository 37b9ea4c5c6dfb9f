/**
 * JWT settings from the function's configuration. In the cloud, keys come from a remote JWKS
 * (`AUTH_JWKS_URL`); locally, from the JWKS file `npm start` generates, which a `prod` stage
 * refuses outright.
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { JwtSettings } from '../../adapters/auth/jwt-verifier.ts';
import { type Config, ConfigurationError } from './config.ts';

export const JWT_VARIABLES = [
  'STAGE',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URL',
  'AUTH_LOCAL_JWKS_FILE',
  'AUTH_ALGORITHMS',
  'AUTH_TENANT_CLAIM',
  'AUTH_ROLES_CLAIM',
] as const;
export type JwtConfig = Config<(typeof JWT_VARIABLES)[number]>;

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;

function isKeySet(value: unknown): value is JSONWebKeySet {
  return value !== null && typeof value === 'object' && 'keys' in value && Array.isArray(value.keys);
}

function keysOf(config: JwtConfig): JWTVerifyGetKey {
  const remote = config.AUTH_JWKS_URL;
  const localFile = config.AUTH_LOCAL_JWKS_FILE;
  if (localFile !== undefined) {
    if (config.STAGE === 'prod') {
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

export function jwtSettings(config: JwtConfig): JwtSettings {
  const algorithms = config.AUTH_ALGORITHMS;
  const symmetric = algorithms.filter((alg) => !ASYMMETRIC.test(alg));
  if (symmetric.length > 0) throw new ConfigurationError(`AUTH_ALGORITHMS accepts asymmetric algorithms only, not ${symmetric.join(', ')}`);
  return {
    keys: keysOf(config),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms,
    tenantClaim: config.AUTH_TENANT_CLAIM,
    rolesClaim: config.AUTH_ROLES_CLAIM,
  };
}
