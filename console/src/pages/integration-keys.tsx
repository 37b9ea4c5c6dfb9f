/** Integration keys for senders of alerts: the secret is shown once, when it is made. */
import { useContext, useState } from 'preact/hooks';
import { ok } from '../api.ts';
import { ErrorNote, Loaded } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { localTime } from '../format.ts';
import { useLive } from '../live/use-live.ts';

const SOURCES = ['alertmanager', 'grafana', 'pagerduty', 'generic'] as const;
/** Post alerts to the webhooks, or scrape GET /v1/metrics (a Prometheus's key). */
const SCOPES = ['webhooks', 'metrics'] as const;

export function IntegrationKeys() {
  const { api } = useContext(AppContext);
  const live = useLive(async () => ok(await api.GET('/v1/integration-keys')).items, [], []);
  const [name, setName] = useState('');
  const [sources, setSources] = useState<string[]>(['alertmanager']);
  const [scopes, setScopes] = useState<string[]>(['webhooks']);
  const [issued, setIssued] = useState<{ name: string; key: string } | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const create = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    const result = await api.POST('/v1/integration-keys', {
      body: { name, sources: sources as (typeof SOURCES)[number][], scopes: scopes as (typeof SCOPES)[number][] },
    });
    setBusy(false);
    if (result.error !== undefined) return setFailure(result.error.detail ?? `The key was not made (HTTP ${result.response.status}).`);
    setIssued({ name: result.data.name, key: result.data.key });
    setName('');
    live.reload();
  };
  const revoke = async (id: string, keyName: string) => {
    if (!window.confirm(`Revoke the key “${keyName}”? Senders using it are refused from now on.`)) return;
    const result = await api.DELETE('/v1/integration-keys/{id}', { params: { path: { id } } });
    if (result.error !== undefined) setFailure(result.error.detail);
    live.reload();
  };
  return (
    <section class="panel" aria-label="Integration keys">
      <h2>Integration keys</h2>
      {issued === undefined ? null : (
        <p role="status" class="saved">
          Key “{issued.name}”: <code class="secret">{issued.key}</code> — copy it now; it is not shown again.
        </p>
      )}
      <form class="filters" onSubmit={(event) => void create(event)}>
        <label>
          <span>Name</span>
          <input value={name} required maxLength={100} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <fieldset class="inline">
          <legend>Sources</legend>
          {SOURCES.map((source) => (
            <label key={source}>
              <input
                type="checkbox"
                checked={sources.includes(source)}
                onChange={(event) => setSources(event.currentTarget.checked ? [...sources, source] : sources.filter((s) => s !== source))}
              />
              {source}
            </label>
          ))}
        </fieldset>
        <fieldset class="inline">
          <legend>May</legend>
          {SCOPES.map((scope) => (
            <label key={scope}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) => setScopes(event.currentTarget.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
              />
              {scope === 'webhooks' ? 'post alerts' : 'scrape metrics'}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy || name.trim() === '' || sources.length === 0 || scopes.length === 0}>
          Create key
        </button>
      </form>
      {failure === undefined ? null : <ErrorNote message={failure} />}
      <Loaded live={live} what="keys">
        {(keys) => (
          <ul class="plain">
            {keys.map((key) => (
              <li key={key.id}>
                <strong>{key.name}</strong>{' '}
                <span class="muted">
                  {key.scopes.includes('webhooks') ? key.sources.join(', ') : ''}
                  {key.scopes.includes('metrics') ? `${key.scopes.includes('webhooks') ? ' · ' : ''}metrics` : ''} · made by {key.createdBy}{' '}
                  {localTime(key.createdAt)}
                </span>{' '}
                {key.revokedAt === undefined ? (
                  <button type="button" class="danger" onClick={() => void revoke(key.id, key.name)}>
                    Revoke
                  </button>
                ) : (
                  <span class="muted">revoked {localTime(key.revokedAt)}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}
