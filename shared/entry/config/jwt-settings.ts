/**
 * JWT settings from the function's configuration. In the cloud, keys come from a remote JWKS
 * (`AUTH_JWKS_URL`, https only); locally, from the JWKS file `npm start` generates, which is
 * refused anywhere but on the local emulators (runtime.ts), whatever the stage is called.
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { JwtSettings } from '../../adapters/auth/jwt-verifier.ts';
import { isLocalRuntime } from '../../adapters/runtime.ts';
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
  'AUTH_MAX_TOKEN_AGE',
  'AUTH_CLAIMS_ADMIN_ONLY',
] as const;
export type JwtConfig = Config<(typeof JWT_VARIABLES)[number]>;

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;

function isKeySet(value: unknown): value is JSONWebKeySet {
  return value !== null && typeof value === 'object' && 'keys' in value && Array.isArray(value.keys);
}

function keysOf(config: JwtConfig, local: boolean): JWTVerifyGetKey {
  const remote = config.AUTH_JWKS_URL;
  const localFile = config.AUTH_LOCAL_JWKS_FILE;
  if (localFile !== undefined) {
    if (!local) throw new ConfigurationError('AUTH_LOCAL_JWKS_FILE is for the local emulators and is refused in Lambda');
    if (remote !== undefined) throw new ConfigurationError('Set AUTH_JWKS_URL or AUTH_LOCAL_JWKS_FILE, not both');
    const jwks: unknown = JSON.parse(readFileSync(localFile, 'utf8'));
    if (!isKeySet(jwks)) throw new ConfigurationError(`${localFile} is not a JWKS ({"keys": [...]})`);
    return createLocalJWKSet(jwks);
  }
  if (remote === undefined) throw new ConfigurationError('AUTH_JWKS_URL is required (or AUTH_LOCAL_JWKS_FILE locally)');
  const url = new URL(remote);
  if (url.protocol !== 'https:' && !local) throw new ConfigurationError('AUTH_JWKS_URL must be an https URL');
  return createRemoteJWKSet(url);
}

export function jwtSettings(config: JwtConfig, local = isLocalRuntime()): JwtSettings {
  const algorithms = config.AUTH_ALGORITHMS;
  const symmetric = algorithms.filter((alg) => !ASYMMETRIC.test(alg));
  if (symmetric.length > 0) throw new ConfigurationError(`AUTH_ALGORITHMS accepts asymmetric algorithms only, not ${symmetric.join(', ')}`);
  // A Cognito custom attribute is writable by its user unless every app client's write access to
  // it is removed: a user could then move themselves into another tenant. The operator says so.
  const userAttribute = [config.AUTH_TENANT_CLAIM, config.AUTH_ROLES_CLAIM].find((claim) => claim.startsWith('custom:'));
  if (userAttribute !== undefined && config.AUTH_CLAIMS_ADMIN_ONLY !== 'true') {
    throw new ConfigurationError(
      `${userAttribute} is a user attribute: remove it from every app client's write attributes, then set AUTH_CLAIMS_ADMIN_ONLY=true`,
    );
  }
  return {
    keys: keysOf(config, local),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms,
    tenantClaim: config.AUTH_TENANT_CLAIM,
    rolesClaim: config.AUTH_ROLES_CLAIM,
    maxTokenAge: config.AUTH_MAX_TOKEN_AGE,
  };
}
