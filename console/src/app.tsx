/** The console's frame: navigation by role, the pages, and who is signed in. */
import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import type { ApiClient } from './api.ts';
import { ADMINS, AUDITORS, hasRole, READERS, type Role, type Session } from './auth.ts';
import { lazyPage } from './components/lazy-page.tsx';
import { AppContext } from './context.ts';
import type { LiveFeed } from './live/live-feed.ts';
import { AlertPage } from './pages/alert-page.tsx';
import { ApprovalPage } from './pages/approval-page.tsx';
import { ApprovalsPage } from './pages/approvals-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { IncidentPage } from './pages/incident-page.tsx';
import { IncidentsPage } from './pages/incidents-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { SlackLinkPage } from './pages/slack-link-page.tsx';

// The charts' library loads with the dashboard, not with the incidents page.
const DashboardPage = lazyPage('dashboard', async () => (await import('./pages/dashboard-page.tsx')).DashboardPage);

interface NavItem {
  readonly path: string;
  readonly label: string;
  readonly roles: readonly Role[];
}

const NAV: readonly NavItem[] = [
  { path: '/incidents', label: 'Incidents', roles: READERS },
  { path: '/approvals', label: 'Approvals', roles: READERS },
  { path: '/dashboard', label: 'Dashboard', roles: READERS },
  { path: '/audit', label: 'Audit', roles: AUDITORS },
  { path: '/settings', label: 'Settings', roles: ADMINS },
];

/** Whether changes arrive as they happen (WebSocket) or by polling, in words, not only a colour. */
function LiveMode({ live }: { live: LiveFeed }) {
  const [mode, setMode] = useState(live.mode());
  useEffect(() => {
    const unsubscribe = live.onModeChange(() => setMode(live.mode()));
    // The socket may have opened between the first render and this effect.
    setMode(live.mode());
    return unsubscribe;
  }, [live]);
  return (
    <span class={`live-mode ${mode}`} title={mode === 'live' ? 'Changes appear as they happen' : 'Refreshing every few seconds'}>
      <span aria-hidden="true">●</span> {mode === 'live' ? 'Live' : 'Polling'}
    </span>
  );
}

function Nav({ session, live, onSignOut }: { session: Session; live: LiveFeed; onSignOut: () => void }) {
  const { path } = useLocation();
  return (
    <header class="top">
      <a class="brand" href="/incidents">
        alertgate
      </a>
      <nav aria-label="Main">
        {NAV.filter((item) => hasRole(session, item.roles)).map((item) => (
          <a key={item.path} href={item.path} aria-current={path.startsWith(item.path) ? 'page' : undefined}>
            {item.label}
          </a>
        ))}
      </nav>
      <div class="who">
        <LiveMode live={live} />
        <span title={`${session.subject} · tenant ${session.tenant}`}>
          {session.name} <span class="muted">({session.roles.join(', ') || 'no role'})</span>
        </span>
        <button type="button" class="link" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function Home() {
  const { route } = useLocation();
  useEffect(() => route('/incidents', true), [route]);
  return null;
}

export function App(props: { session: Session; api: ApiClient; live: LiveFeed; onSignOut: () => void }) {
  const { session, api, live, onSignOut } = props;
  return (
    <AppContext.Provider value={{ session, api, live }}>
      <LocationProvider>
        <Nav session={session} live={live} onSignOut={onSignOut} />
        <main id="main" class="page">
          <Router>
            <Route path="/" component={Home} />
            <Route path="/incidents" component={IncidentsPage} />
            <Route path="/incidents/:id" component={IncidentPage} />
            <Route path="/alerts/:id" component={AlertPage} />
            <Route path="/approvals" component={ApprovalsPage} />
            <Route path="/approvals/:id" component={ApprovalPage} />
            <Route path="/dashboard" component={DashboardPage} />
            <Route path="/audit" component={AuditPage} />
            <Route path="/settings" component={SettingsPage} />
            <Route path="/slack/link" component={SlackLinkPage} />
            <Route default component={NotFoundPage} />
          </Router>
        </main>
      </LocationProvider>
    </AppContext.Provider>
  );
}
