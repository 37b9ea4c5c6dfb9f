/** An alert's remediations: what was asked, by whom, where it stands, and what came of it. */
import type { Alert } from '../api.ts';
import { ago, params } from '../format.ts';
import { Badge } from './badges.tsx';

export function Remediations({ remediations }: { remediations: Alert['remediations'] }) {
  if (remediations.length === 0) return <p class="muted">No remediation.</p>;
  return (
    <ul class="plain">
      {remediations.map((remediation) => (
        <li key={remediation.execution} class="panel">
          <p>
            <code>{remediation.action.name}</code> {params(remediation.action.params)} <Badge kind="risk" value={remediation.risk} />{' '}
            <Badge kind="status" value={remediation.status} />
          </p>
          <p class="muted">
            {remediation.source === 'manual' ? `requested by ${remediation.requestedBy}` : 'proposed by triage'}{' '}
            {ago(remediation.requestedAt)}
            {remediation.approvalId === undefined ? null : (
              <>
                {' · '}
                <a href={`/approvals/${remediation.approvalId}`}>approval</a>
              </>
            )}
          </p>
          {remediation.reason === undefined ? null : <p>{remediation.reason}</p>}
          {remediation.outcome === undefined ? null : (
            <p>
              Outcome: <Badge kind="status" value={remediation.outcome.status} /> by {remediation.outcome.executor}:{' '}
              {remediation.outcome.detail}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
