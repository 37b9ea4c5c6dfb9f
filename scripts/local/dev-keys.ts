/**
 * The development signing key: generated on first start under `.local/auth/`, with its JWKS
 * (which the functions read through AUTH_LOCAL_JWKS_FILE; a `prod` stage refuses it).
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { checkpointJwks, checkpointKeysFrom } from '../../shared/domain/audit/checkpoint.ts';

/** The issuer of tokens minted without the identity provider running (the in-process benches). */
export const DEV_ISSUER = 'alertgate-local';
export const DEV_AUDIENCE = 'alertgate';
const ALG = 'ES256';

export interface DevKeys {
  readonly privateJwk: JWK;
  readonly jwksFile: string;
  /** The `iss` of minted tokens: the embedded identity provider's URL when the local stack runs. */
  readonly issuer: string;
}

/** The file where `npm start` leaves its identity provider's issuer, for `npm run token`. */
export const issuerFile = (dir: string) => join(dir, 'issuer');

export async function ensureDevKeys(dir: string, issuer = DEV_ISSUER): Promise<DevKeys> {
  const privateFile = join(dir, 'signing-key.jwk.json');
  const jwksFile = join(dir, 'jwks.json');
  if (existsSync(privateFile) && existsSync(jwksFile)) {
    return { privateJwk: JSON.parse(readFileSync(privateFile, 'utf8')), jwksFile, issuer };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  writeFileSync(privateFile, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
  writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }, null, 2));
  return { privateJwk, jwksFile, issuer };
}

export interface TokenRequest {
  readonly tenant: string;
  readonly roles: readonly string[];
  readonly subject?: string;
  /** jose duration, e.g. "12h". */
  readonly expiresIn?: string;
}

export async function mintDevToken(keys: DevKeys, request: TokenRequest): Promise<string> {
  const key = await importJWK(keys.privateJwk, ALG);
  return new SignJWT({ tenant: request.tenant, roles: [...request.roles] })
    .setProtectedHeader({ alg: ALG, kid: keys.privateJwk.kid ?? 'dev', typ: 'JWT' })
    .setSubject(request.subject ?? `dev-${request.tenant}`)
    .setIssuer(keys.issuer)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(key);
}

/** The Ed25519 pair that signs and verifies audit checkpoints locally, kept under `.local/auth/`. */
export function ensureAuditCheckpointKeys(dir: string): { readonly privateKeyPem: string; readonly publicKeysJwks: string } {
  const privateFile = join(dir, 'audit-checkpoint-private.pem');
  if (!existsSync(privateFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(privateFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  const privateKeyPem = readFileSync(privateFile, 'utf8');
  const publicKeysJwks = JSON.stringify(
    checkpointJwks(checkpointKeysFrom(createPublicKey(privateKeyPem).export({ format: 'pem', type: 'spki' }).toString())),
  );
  return { privateKeyPem, publicKeysJwks };
}
