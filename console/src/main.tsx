/** Boots the console: configuration, sign-in, then the app. */
import { render } from 'preact';
import { createApi, ok } from './api.ts';
import { App } from './app.tsx';
import { createAuth } from './auth.ts';
import { loadConfig } from './config.ts';
import { createLiveFeed } from './live/live-feed.ts';
import './styles.css';

const root = document.getElementById('app') as HTMLElement;

async function boot() {
  const config = await loadConfig();
  const auth = createAuth(config);
  const session = await auth.start();
  if (session === undefined) return; // on its way to the identity provider
  // The session ended (its refresh failed): sign in again, once, however many requests were refused.
  let signingIn = false;
  const api = createApi(config.apiBaseUrl, session.accessToken, () => {
    if (signingIn) return;
    signingIn = true;
    void auth.signIn();
  });
  const live = createLiveFeed({
    ...(config.liveUrl === undefined ? {} : { url: config.liveUrl }),
    ticket: async () => (session.accessToken() === undefined ? undefined : ok(await api.POST('/v1/live/tickets')).ticket),
  });
  auth.onRenewed(() => live.renewed());
  // Slack users linked to this principal act with its roles as of this sign-in (best effort).
  void api.POST('/v1/integrations/slack/links/refresh').catch(() => undefined);
  render(<App session={session} api={api} live={live} onSignOut={() => void auth.signOut()} />, root);
}

boot().catch((error: unknown) => {
  render(
    <main class="page">
      <h1>The console could not start</h1>
      <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
      <p>
        <a href="/">Try again</a>
      </p>
    </main>,
    root,
  );
});
