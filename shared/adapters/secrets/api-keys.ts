/**
 * Resolves a provider's `apiKeyRef` to the key itself. Three forms:
 * - `env:NAME`: an environment variable, for local runs (refused inside Lambda unless offline);
 * - `ssm:/alertgate/<stage>/tenants/<tenant>/…`: an SSM SecureString parameter;
 * - `secretsmanager:alertgate/<stage>/tenants/<tenant>/…`: a Secrets Manager secret (a plain
 *   string, or JSON with an `apiKey` field).
 * The ref comes from tenant configuration and the key is sent to the tenant's `baseUrl`, so a ref
 * must stay inside its tenant's namespace: otherwise one tenant could have another tenant's key
 * (or the function's AWS credentials, through `env:`) posted to a server it controls.
 * Keys are cached per container for five minutes and never logged or put in an error message.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AWS_CLIENT_LIMITS } from '../aws-clients.ts';
import { tracer } from '../observability.ts';
import { isLocalRuntime } from '../runtime.ts';
import { secretCache } from './secret-cache.ts';

/** Returns the API key `ref` names, for `tenant`; throws ApiKeyError. */
export type ApiKeyResolver = (tenant: string, ref: string) => Promise<string>;

export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
}

/** Where secrets are read from; the defaults use the AWS SDK, tests hand in small fakes. */
export interface SecretReaders {
  /** The decrypted value of an SSM parameter. */
  ssmParameter(name: string): Promise<string | undefined>;
  secret(name: string): Promise<string | undefined>;
}

export interface ApiKeyResolverOptions {
  /** The readers for one tenant's secrets (tenantSecretReaders in the cloud); default: the function's own credentials. */
  readonly readersFor?: (tenant: string) => SecretReaders;
  /** Where `env:` refs are read, and whether this runs in Lambda: the function's environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether `env:` refs are honoured; by default only outside Lambda or under serverless-offline. */
  readonly allowEnv?: boolean;
  /** Which variables an `env:` ref may name. */
  readonly envNames?: RegExp;
  /** The deployment stage in the namespace of SSM and Secrets Manager refs (default: STAGE, else `dev`). */
  readonly stage?: string;
  readonly now?: () => number;
  readonly ttlMs?: number;
}

export const API_KEY_CACHE_MS = 5 * 60 * 1000;
const DEFAULT_ENV_NAMES = /^(ALERTGATE_LLM_[A-Z0-9_]+|OPENAI_API_KEY|ANTHROPIC_API_KEY)$/;

/** The namespace a tenant's SSM parameters and secrets live in, without the SSM leading slash. */
export function tenantSecretPrefix(stage: string, tenant: string): string {
  return `alertgate/${stage}/tenants/${tenant}/`;
}

/**
 * @example
 * const resolveApiKey = createApiKeyResolver({ env: process.env, stage: 'prod' });
 * const key = await resolveApiKey('acme', 'ssm:/alertgate/prod/tenants/acme/openai');
 */
export function createApiKeyResolver(options: ApiKeyResolverOptions): ApiKeyResolver {
  const { env } = options;
  const allowEnv = options.allowEnv ?? isLocalRuntime(env);
  const envNames = options.envNames ?? DEFAULT_ENV_NAMES;
  const stage = options.stage ?? (env.STAGE === undefined || env.STAGE === '' ? 'dev' : env.STAGE);
  let own: SecretReaders | undefined;
  const secretReaders = (tenant: string): SecretReaders => {
    if (options.readersFor !== undefined) return options.readersFor(tenant);
    own ??= awsSecretReaders();
    return own;
  };
  const read = async (tenant: string, ref: string): Promise<string> => {
    const colon = ref.indexOf(':');
    const scheme = colon < 0 ? '' : ref.slice(0, colon);
    const name = ref.slice(colon + 1);
    if (scheme === 'env') {
      if (!allowEnv) throw new ApiKeyError(`API key reference ${ref} is refused: env: references are for local runs only`);
      if (!envNames.test(name))
        throw new ApiKeyError(`API key reference ${ref} is refused: the variable name is not one allowed for API keys`);
      return nonEmpty(env[name], `environment variable ${name}`);
    }
    if (scheme === 'ssm' || scheme === 'secretsmanager') {
      if (tenant.includes('/') || tenant === '') throw new ApiKeyError(`tenant id ${JSON.stringify(tenant)} cannot own secrets`);
      const prefix = tenantSecretPrefix(stage, tenant);
      const active = secretReaders(tenant);
      if (scheme === 'ssm') {
        if (!name.startsWith(`/${prefix}`))
          throw new ApiKeyError(`API key reference ${ref} is refused: SSM parameters must be under /${prefix}`);
        return nonEmpty(await describeFailure(() => active.ssmParameter(name), `SSM parameter ${name}`), `SSM parameter ${name}`);
      }
      if (!name.startsWith(prefix)) throw new ApiKeyError(`API key reference ${ref} is refused: secrets must be named ${prefix}…`);
      const secret = nonEmpty(await describeFailure(() => active.secret(name), `secret ${name}`), `secret ${name}`);
      return keyFromSecret(secret, name);
    }
    // Not echoed: a key pasted where its reference belongs must not reach a log.
    throw new ApiKeyError('API key reference is not env:NAME, ssm:/path or secretsmanager:name');
  };

  const cache = secretCache({ ttlMs: options.ttlMs ?? API_KEY_CACHE_MS, ...(options.now === undefined ? {} : { now: options.now }) });
  // JSON keeps the pair apart whatever characters a tenant id or reference holds.
  return (tenant, ref) => cache(JSON.stringify([tenant, ref]), () => read(tenant, ref));
}

function nonEmpty(value: string | undefined, what: string): string {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '') throw new ApiKeyError(`${what} is not set or empty`);
  return trimmed;
}

function keyFromSecret(secret: string, name: string): string {
  if (!secret.startsWith('{')) return secret;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    throw new ApiKeyError(`secret ${name} looks like JSON but does not parse`);
  }
  const apiKey = typeof parsed === 'object' && parsed !== null ? Object.getOwnPropertyDescriptor(parsed, 'apiKey')?.value : undefined;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new ApiKeyError(`secret ${name} is JSON without an apiKey string field`);
  return apiKey.trim();
}

/** SDK failures become ApiKeyErrors naming the parameter and the error, never a value. */
async function describeFailure(read: () => Promise<string | undefined>, what: string): Promise<string | undefined> {
  try {
    return await read();
  } catch (error: unknown) {
    if (error instanceof ApiKeyError) throw error;
    const name = error instanceof Error ? error.name : 'Error';
    if (name === 'ParameterNotFound' || name === 'ResourceNotFoundException') throw new ApiKeyError(`${what} not found`, { cause: error });
    if (name === 'AccessDeniedException') throw new ApiKeyError(`access denied reading ${what}`, { cause: error });
    throw new ApiKeyError(`could not read ${what} (${name})`, { cause: error });
  }
}

/**
 * The SDK clients are made on first use only, so local runs on env: refs never create them.
 * With `credentials`, they read as that identity (a tenant's session, see tenantSecretReaders).
 */
export function awsSecretReaders(credentials?: AwsCredentialIdentityProvider): SecretReaders {
  let ssm: SSMClient | undefined;
  let secretsManager: SecretsManagerClient | undefined;
  const config = { ...AWS_CLIENT_LIMITS, ...(credentials === undefined ? {} : { credentials }) };
  return {
    async ssmParameter(name) {
      ssm ??= tracer.captureAWSv3Client(new SSMClient(config));
      const output = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      return output.Parameter?.Value;
    },
    async secret(name) {
      secretsManager ??= tracer.captureAWSv3Client(new SecretsManagerClient(config));
      const output = await secretsManager.send(new GetSecretValueCommand({ SecretId: name }));
      return output.SecretString;
    },
  };
}

/**
 * Tenant isolation of secrets in IAM, not only in the prefix check above: each tenant's secrets
 * are read in a session of `roleArn` tagged `tenant=<tenant>`, and that role may read only
 * `…/tenants/${aws:PrincipalTag/tenant}/*` (resources/iam.yml, TenantSecretsRole). The functions'
 * own roles cannot read any tenant's secrets. One session per tenant and container, refreshed by the SDK.
 */
export function tenantSecretReaders(roleArn: string): (tenant: string) => SecretReaders {
  const readers = new Map<string, SecretReaders>();
  return (tenant) => {
    let found = readers.get(tenant);
    if (found === undefined) {
      const credentials = fromTemporaryCredentials({
        params: {
          RoleArn: roleArn,
          RoleSessionName: `alertgate-secrets-${tenant}`.slice(0, 64),
          Tags: [{ Key: 'tenant', Value: tenant }],
          DurationSeconds: 900,
        },
      });
      found = awsSecretReaders(credentials);
      readers.set(tenant, found);
    }
    return found;
  };
}
