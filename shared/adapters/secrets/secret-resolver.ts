/**
 * Resolves the secrets executors and notifications sign or authenticate with (webhook signing
 * secrets, Alertmanager credentials), by reference, with the same rules as LLM API keys: refs
 * stay inside their tenant's namespace, values are cached five minutes and never logged.
 * Locally, `env:` refs may name `ALERTGATE_WEBHOOK_*` and `ALERTGATE_SECRET_*` variables only.
 * A Secrets Manager secret is a plain string (or JSON with an `apiKey` field).
 */
import { ApiKeyError, type ApiKeyResolver, type ApiKeyResolverOptions, createApiKeyResolver } from './api-keys.ts';

/** Returns the secret `ref` names, for `tenant`; throws ApiKeyError (whose message never holds a value). */
export type SecretResolver = ApiKeyResolver;

export const SECRET_ENV_NAMES = /^ALERTGATE_(WEBHOOK|SECRET)_[A-Z0-9_]+$/;

export function createSecretResolver(options: ApiKeyResolverOptions): SecretResolver {
  return createApiKeyResolver({ envNames: SECRET_ENV_NAMES, ...options });
}

/** Why a secret could not be had, safe for an outcome: the resolver's own messages name refs, never values. */
export function secretFailure(error: unknown): string {
  return error instanceof ApiKeyError ? error.message.replace(/^API key/, 'secret') : 'the secret could not be read';
}
