/**
 * The embedded OpenID Provider of the local stack (panva's oidc-provider), so the console signs in
 * through the same Authorization Code flow with PKCE as against Cognito, Okta or Keycloak, and the
 * API verifies its access tokens through the same remote-JWKS path as in the cloud.
 *
 * Access tokens are JWTs for the audience `alertgate`, signed with the development key, carrying
 * the user's `tenant` and `roles`. The console is a public client: PKCE required, refresh tokens
 * (rotated) for silent renewal, CORS for its origin only. Runs on the local stack only.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { isLocalRuntime } from '../../../shared/adapters/runtime.ts';
import { DEV_AUDIENCE } from '../dev-keys.ts';
import { devUser, signIn } from './dev-users.ts';
import { errorPage, signInPage } from './sign-in-page.ts';

export const CONSOLE_CLIENT_ID = 'alertgate-console';
/** What the console asks for: an ID token with its profile, a refresh token, and access to the API. */
export const CONSOLE_SCOPE = 'openid profile offline_access alertgate';
/** The resource the console's access tokens are for; its audience is the API's `AUTH_AUDIENCE`. */
const API_RESOURCE = 'urn:alertgate:api';
const API_SCOPE = 'alertgate';

export interface IdentityProviderOptions {
  /** A concrete port (the issuer is its URL, fixed before the server listens). */
  readonly port: number;
  readonly stage: string;
  /** The development signing key (ES256, with its kid). */
  readonly signingKey: JWK;
  /** The console's origin, e.g. `http://127.0.0.1:3003`: its redirect URIs and its CORS origin. */
  readonly consoleOrigin: string;
}

export interface IdentityProvider {
  /** The issuer, e.g. `http://127.0.0.1:3004`: discovery at `/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly jwksUrl: string;
  stop(): Promise<void>;
}

/** Where the console's redirects land; the console serves both paths. */
export const consoleRedirects = (consoleOrigin: string) => ({
  signedIn: `${consoleOrigin}/signed-in`,
  signedOut: `${consoleOrigin}/`,
});

export function assertLocalStage(stage: string, env: Readonly<Record<string, string | undefined>> = process.env): void {
  if (!isLocalRuntime(env) || /^prod(uction)?$/i.test(stage)) {
    throw new Error(`The development identity provider runs on the local stack only, not on stage ${stage}`);
  }
}

function configuration(options: IdentityProviderOptions): Configuration {
  const redirects = consoleRedirects(options.consoleOrigin);
  return {
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
        redirect_uris: [redirects.signedIn],
        post_logout_redirect_uris: [redirects.signedOut],
      },
    ],
    jwks: { keys: [options.signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'profile', 'offline_access', API_SCOPE],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'tenant', 'roles'] },
    // The console shows who is signed in from the ID token, without a userinfo call.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const user = devUser(sub);
      if (user === undefined) return undefined;
      return {
        accountId: user.username,
        claims: async () => ({
          sub: user.username,
          name: user.name,
          preferred_username: user.username,
          tenant: user.tenant,
          roles: [...user.roles],
        }),
      };
    },
    // Its own error page: the default one loads a web font from the internet.
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(Object.entries(out).map(([key, value]) => `${key}: ${String(value)}`));
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Refresh tokens renew the in-memory session silently (no iframe: the console may not be framed).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => origin === options.consoleOrigin,
    async extraTokenClaims(_ctx, token) {
      const accountId = 'accountId' in token ? token.accountId : undefined;
      const user = typeof accountId === 'string' ? devUser(accountId) : undefined;
      return user === undefined ? undefined : { tenant: user.tenant, roles: [...user.roles] };
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: API_SCOPE,
          audience: DEV_AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 60 * 60,
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    ttl: {
      AccessToken: 60 * 60,
      Session: 12 * 60 * 60,
      Interaction: 60 * 60,
      Grant: 12 * 60 * 60,
      IdToken: 60 * 60,
      RefreshToken: 12 * 60 * 60,
    },
  };
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('sign-in form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

/** The console is a first-party client: what it asks for is granted without a consent screen. */
async function grantConsent(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
) {
  const { accountId } = details.session ?? {};
  const clientId = details.params.client_id;
  if (accountId === undefined || typeof clientId !== 'string') throw new Error('no session to grant consent for');
  const grant =
    (details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope !== undefined) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims !== undefined) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/** The sign-in interaction: show the form, check the user, hand the login back to the provider. */
async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse, uid: string, submitted: boolean) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return sendPage(res, 400, errorPage(['This sign-in link is out of date; go back and start again.']));
  if (details.prompt.name === 'consent') return grantConsent(provider, req, res, details);
  const action = `/interaction/${uid}/login`;
  if (!submitted) return sendPage(res, 200, signInPage({ action }));
  const form = await formBody(req);
  const username = form.get('username') ?? '';
  const user = signIn(username, form.get('password') ?? '');
  if (user === undefined) return sendPage(res, 401, signInPage({ action, username, error: 'Unknown username or wrong password.' }));
  await provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
}

export async function startIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  assertLocalStage(options.stage);
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, configuration(options));
  const handle = provider.callback();
  const server: Server = createServer((req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (match === null) return void handle(req, res);
    const submitted = match[2] !== undefined && req.method === 'POST';
    interaction(provider, req, res, match[1] ?? '', submitted).catch((error: unknown) => {
      if (!res.headersSent) sendPage(res, 400, errorPage([`Sign-in failed: ${(error as Error).message}`]));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
