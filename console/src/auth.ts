/**
 * Sign-in with OpenID Connect: Authorization Code with PKCE (oidc-client-ts), tokens kept in
 * memory only, renewed silently with the refresh token, sign-out at the provider. Only the
 * transient sign-in state (the PKCE verifier during the redirect) lives in sessionStorage.
 */
import { InMemoryWebStorage, type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { isRole, type Role } from '../../shared/domain/roles.ts';
import type { ConsoleConfig } from './config.ts';

export { ADMINS, APPROVERS, AUDITORS, READERS, RESPONDERS } from '../../shared/domain/roles.ts';
export type { Role };

export interface Session {
  readonly subject: string;
  readonly name: string;
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly accessToken: () => string | undefined;
}

export interface Auth {
  /** The signed-in session, finishing a sign-in redirect first; undefined when a redirect to the provider has started. */
  start(): Promise<Session | undefined>;
  signOut(): Promise<void>;
  /** Starts a new sign-in, coming back to this page. */
  signIn(): Promise<void>;
  /** Calls `listener` each time the tokens are renewed. */
  onRenewed(listener: () => void): void;
}

const CALLBACK_PATH = '/signed-in';

function rolesOf(claim: unknown): Role[] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return values.filter((value): value is Role => typeof value === 'string' && isRole(value));
}

export function createAuth(config: ConsoleConfig): Auth {
  const origin = window.location.origin;
  const manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: config.scope,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  });
  let user: User | null = null;
  manager.events.addUserLoaded((loaded) => {
    user = loaded;
  });
  const sessionOf = (signedIn: User): Session => {
    const profile = signedIn.profile as Record<string, unknown>;
    return {
      subject: signedIn.profile.sub,
      name: String(profile.name ?? profile.preferred_username ?? signedIn.profile.sub),
      tenant: String(profile[config.tenantClaim] ?? ''),
      roles: rolesOf(profile[config.rolesClaim]),
      accessToken: () => user?.access_token,
    };
  };
  const signIn = () => manager.signinRedirect({ state: { returnTo: window.location.pathname + window.location.search } });
  return {
    async start() {
      if (window.location.pathname === CALLBACK_PATH) {
        user = await manager.signinRedirectCallback();
        const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo;
        // Only a path of this console: never an open redirect.
        const path = typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
        window.history.replaceState(null, '', path === CALLBACK_PATH ? '/' : path);
        return sessionOf(user);
      }
      await signIn();
      return undefined;
    },
    signIn,
    onRenewed(listener) {
      manager.events.addUserLoaded(() => listener());
    },
    async signOut() {
      const idToken = user?.id_token;
      await manager.removeUser();
      await manager.signoutRedirect(idToken === undefined ? {} : { id_token_hint: idToken });
    },
  };
}

export const hasRole = (session: Session, roles: readonly Role[]) => session.roles.some((role) => roles.includes(role));
