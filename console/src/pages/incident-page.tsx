/** One incident: its alerts with their decisions and remediations, its approvals, its timeline. */
import { useContext, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ok } from '../api.ts';
import { hasRole, RESPONDERS } from '../auth.ts';
import { Badge } from '../components/badges.tsx';
import { DecisionPanel } from '../components/decision-panel.tsx';
import { Remediations } from '../components/remediations.tsx';
import { ErrorNote, Loaded } from '../components/states.tsx';
import { Timeline } from '../components/timeline.tsx';
import { AppContext } from '../context.ts';
import { ago, localTime } from '../format.ts';
import { useLive } from '../live/use-live.ts';
import { ApprovalCard } from './approval-card.tsx';

export function IncidentPage() {
  const { api, session } = useContext(AppContext);
  const { params } = useRoute();
  const id = params.id ?? '';
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const live = useLive(
    async () => ok(await api.GET('/v1/incidents/{id}', { params: { path: { id } } })),
    ['incidents', 'alerts', 'approvals'],
    [id],
  );
  const [busy, setBusy] = useState(false);
  const change = async (what: 'acknowledge' | 'resolve') => {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    const path = what === 'acknowledge' ? '/v1/incidents/{id}/acknowledge' : '/v1/incidents/{id}/resolve';
    try {
      const result = await api.POST(path, { params: { path: { id } } });
      if (result.error !== undefined) setFailure(result.error.detail ?? `Not done (HTTP ${result.response.status}).`);
    } catch {
      setFailure('Could not reach alertgate: check the connection and try again.');
    } finally {
      setBusy(false);
      live.reload();
    }
  };
  const canChange = hasRole(session, RESPONDERS);
  return (
    <Loaded live={live} what="the incident">
      {(incident) => (
        <article>
          <p>
            <a href="/incidents">← Incidents</a>
          </p>
          <h1>{incident.title}</h1>
          <p class="row-meta">
            <Badge kind="severity" value={incident.severity} /> <Badge kind="status" value={incident.status} />
            <span>{incident.category}</span>
            <span>{[incident.service, incident.team].filter(Boolean).join(' · ')}</span>
            <span title={localTime(incident.openedAt)}>opened {ago(incident.openedAt)}</span>
            {incident.acknowledgedBy === undefined ? null : <span>acknowledged by {incident.acknowledgedBy}</span>}
            {incident.mergedInto === undefined ? null : (
              <span>
                merged into <a href={`/incidents/${incident.mergedInto}`}>{incident.mergedInto}</a>
              </span>
            )}
          </p>
          {incident.status === 'merged' || incident.status === 'resolved' ? null : (
            <p class="actions">
              <button
                type="button"
                disabled={busy || !canChange || incident.status === 'acknowledged'}
                onClick={() => void change('acknowledge')}
              >
                Acknowledge
              </button>
              <button type="button" disabled={busy || !canChange} onClick={() => void change('resolve')}>
                Resolve
              </button>
              {canChange ? null : <span class="muted">Responders, approvers and admins can acknowledge and resolve.</span>}
            </p>
          )}
          {failure === undefined ? null : <ErrorNote message={failure} />}
          {incident.approvalRecords.length === 0 ? null : (
            <section>
              <h2>Approvals</h2>
              {incident.approvalRecords.map((approval) => (
                <ApprovalCard key={approval.id} approval={approval} onChanged={live.reload} />
              ))}
            </section>
          )}
          <section>
            <h2>Alerts ({incident.alerts.length})</h2>
            {incident.alertRecords.map((alert) => (
              <details key={alert.id} class="panel" open={incident.alertRecords.length === 1}>
                <summary>
                  <Badge kind="severity" value={alert.severity ?? 'info'} /> <strong>{alert.name}</strong>{' '}
                  <Badge kind="status" value={alert.status} /> <span class="muted">{alert.summary}</span>
                </summary>
                <p>
                  <a href={`/alerts/${alert.id}`}>Alert details, labels and annotations</a>
                </p>
                {alert.triage.decision === undefined ? (
                  <p class="muted">Triage: {alert.triage.state}</p>
                ) : (
                  <DecisionPanel decision={alert.triage.decision} alertId={alert.id} />
                )}
                <h3>Remediation</h3>
                <Remediations remediations={alert.remediations} />
              </details>
            ))}
          </section>
          <section>
            <h2>Timeline</h2>
            <Timeline entries={incident.timeline} />
          </section>
        </article>
      )}
    </Loaded>
  );
}
