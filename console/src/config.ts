/**
 * The console's runtime configuration, read from `/config.json` next to the app, so one build
 * serves every deployment: the API's base URL, the OpenID provider, and the claims that carry the
 * tenant and the roles (the API's AUTH_TENANT_CLAIM and AUTH_ROLES_CLAIM).
 */
export interface ConsoleConfig {
  readonly apiBaseUrl: string;
  /** The OpenID provider's issuer URL (its discovery document is under it). */
  readonly issuer: string;
  readonly clientId: string;
  /** The scopes to ask for; the API's access tokens must be among them. */
  readonly scope: string;
  readonly tenantClaim: string;
  readonly rolesClaim: string;
  /** The live-updates WebSocket URL; polling only when absent. */
  readonly liveUrl?: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The console configuration could not be read (${response.status})`);
  const config = (await response.json()) as Partial<ConsoleConfig>;
  for (const key of ['apiBaseUrl', 'issuer', 'clientId'] as const) {
    if (typeof config[key] !== 'string' || config[key] === '') throw new Error(`The console configuration has no ${key}`);
  }
  return {
    scope: 'openid profile offline_access',
    tenantClaim: 'tenant',
    rolesClaim: 'roles',
    ...config,
  } as ConsoleConfig;
}
