/** One alert: labels, annotations, the triage decision, remediations, and where it came from. */
import { useContext } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ok } from '../api.ts';
import { Badge } from '../components/badges.tsx';
import { DecisionPanel } from '../components/decision-panel.tsx';
import { KeyValues } from '../components/key-values.tsx';
import { Remediations } from '../components/remediations.tsx';
import { Loaded } from '../components/states.tsx';
import { AppContext } from '../context.ts';
import { ago, localTime } from '../format.ts';
import { useLive } from '../live/use-live.ts';

/** Only http(s) links are rendered as links: an annotation is sender-controlled text. */
const safeLink = (url: string | undefined) => (url !== undefined && /^https?:\/\//i.test(url) ? url : undefined);

export function AlertPage() {
  const { api } = useContext(AppContext);
  const { params } = useRoute();
  const id = params.id ?? '';
  const live = useLive(async () => ok(await api.GET('/v1/alerts/{id}', { params: { path: { id } } })), ['alerts'], [id]);
  return (
    <Loaded live={live} what="the alert">
      {(alert) => {
        const runbook = safeLink(alert.annotations.runbook_url ?? alert.annotations.runbook);
        const generator = safeLink(alert.generatorUrl);
        return (
          <article>
            <p>
              {alert.incidentId === undefined ? (
                <a href="/incidents">← Incidents</a>
              ) : (
                <a href={`/incidents/${alert.incidentId}`}>← Incident</a>
              )}
            </p>
            <h1>{alert.name}</h1>
            <p class="row-meta">
              <Badge kind="severity" value={alert.severity ?? 'info'} /> <Badge kind="status" value={alert.status} />
              <span>from {alert.source}</span>
              <span title={localTime(alert.startsAt)}>started {ago(alert.startsAt)}</span>
              <span>revision {alert.revision}</span>
            </p>
            {alert.summary === undefined ? null : <p>{alert.summary}</p>}
            {alert.description === undefined ? null : <p class="muted">{alert.description}</p>}
            <p class="actions">
              {runbook === undefined ? null : (
                <a href={runbook} rel="noopener noreferrer" target="_blank">
                  Runbook
                </a>
              )}
              {generator === undefined ? null : (
                <a href={generator} rel="noopener noreferrer" target="_blank">
                  Source graph
                </a>
              )}
            </p>
            {alert.triage.decision === undefined ? (
              <p class="muted">Triage: {alert.triage.state}</p>
            ) : (
              <DecisionPanel decision={alert.triage.decision} alertId={alert.id} />
            )}
            <section>
              <h2>Remediation</h2>
              <Remediations remediations={alert.remediations} />
            </section>
            <section class="two">
              <div>
                <h2>Labels</h2>
                <KeyValues values={alert.labels} label="labels" />
              </div>
              <div>
                <h2>Annotations</h2>
                <KeyValues values={alert.annotations} label="annotations" />
              </div>
            </section>
          </article>
        );
      }}
    </Loaded>
  );
}
