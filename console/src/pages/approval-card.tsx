/**
 * One approval: the exact action and parameters, risk, votes so far and needed, the live
 * countdown, the alerts and incidents it covers, and the buttons, with the reason when they
 * are not for this user. High and critical risk ask for a confirmation.
 */
import { useContext, useState } from 'preact/hooks';
import type { Approval } from '../api.ts';
import { APPROVERS, hasRole, type Session } from '../auth.ts';
import { Badge } from '../components/badges.tsx';
import { KeyValues } from '../components/key-values.tsx';
import { Modal } from '../components/modal.tsx';
import { ErrorNote } from '../components/states.tsx';
import { useNow } from '../components/use-now.ts';
import { AppContext } from '../context.ts';
import { duration, localTime } from '../format.ts';

const CONFIRM_RISKS: readonly Approval['risk'][] = ['high', 'critical'];

/** Why this user cannot vote on it, or undefined when they can. */
export function whyNot(approval: Approval, session: Session, now: number): string | undefined {
  if (approval.status !== 'pending') return `This approval is ${approval.status}; it can no longer be decided.`;
  if (Date.parse(approval.deadline) <= now) return 'The deadline has passed; the approval is expiring.';
  if (!hasRole(session, APPROVERS))
    return `Your role (${session.roles.join(', ') || 'none'}) cannot decide approvals; approvers and admins can.`;
  if (approval.requestedBy === session.subject) return 'You requested this action, so someone else must approve it.';
  if (approval.votes.some((vote) => vote.by === session.subject)) return 'You have voted; a second approver must decide.';
  return undefined;
}

type Dialog = 'approve' | 'reject' | undefined;

export function ApprovalCard({ approval, onChanged }: { approval: Approval; onChanged: () => void }) {
  const { api, session } = useContext(AppContext);
  const now = useNow();
  const [dialog, setDialog] = useState<Dialog>(undefined);
  const [text, setText] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const blocked = whyNot(approval, session, now);
  const approvals = approval.votes.filter((vote) => vote.vote === 'approve').length;
  const remaining = (Date.parse(approval.deadline) - now) / 1000;
  const mustConfirm = CONFIRM_RISKS.includes(approval.risk);

  const close = () => {
    setDialog(undefined);
    setText('');
    setConfirmed(false);
    setFailure(undefined);
  };
  // The dialog closes only once the vote is in: on a refusal or a lost connection it stays open,
  // with what was typed and why it failed.
  const vote = async (event: Event) => {
    event.preventDefault();
    if (busy || blocked !== undefined) return;
    setBusy(true);
    setFailure(undefined);
    const path = { params: { path: { id: approval.id } } };
    try {
      const result =
        dialog === 'approve'
          ? await api.POST('/v1/approvals/{id}/approve', { ...path, body: text.trim() === '' ? {} : { comment: text.trim() } })
          : await api.POST('/v1/approvals/{id}/reject', { ...path, body: { reason: text.trim() } });
      if (result.error === undefined) close();
      else setFailure(result.error.detail ?? `The vote was not recorded (HTTP ${result.response.status}).`);
    } catch {
      setFailure('The vote could not be sent: check the connection and try again.');
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <article class={`panel approval status-${approval.status}`} aria-label={`Approval ${approval.id}`}>
      <header class="row-main">
        <Badge kind="risk" value={approval.risk} />
        <strong>
          <code>{approval.action.name}</code>
        </strong>
        <Badge kind="status" value={approval.status} />
        <a href={`/approvals/${approval.id}`} class="muted">
          {approval.id}
        </a>
      </header>
      <KeyValues values={approval.action.params} label="parameters" />
      <p class="row-meta">
        <span class="votes">
          {approvals} of {approval.requiredApprovals} approval{approval.requiredApprovals === 1 ? '' : 's'}
        </span>
        {approval.status === 'pending' ? (
          <span class="countdown" role="timer" title={localTime(approval.deadline)}>
            {remaining > 0 ? `${duration(remaining)} left` : 'deadline passed'}
          </span>
        ) : (
          <span>
            {approval.status} {localTime(approval.decidedAt)}
          </span>
        )}
        <span>requested by {approval.requestedBy}</span>
      </p>
      {approval.reason === undefined ? null : <p>Reason: {approval.reason}</p>}
      {approval.votes.length === 0 ? null : (
        <ul class="plain votes-list" aria-label="Votes">
          {approval.votes.map((cast) => (
            <li key={cast.by + cast.at}>
              {cast.vote === 'approve' ? '✓ approved' : '✗ rejected'} by <strong>{cast.by}</strong> {localTime(cast.at)}
              {cast.note === undefined ? null : ` · “${cast.note}”`}
            </li>
          ))}
        </ul>
      )}
      <p class="muted">
        Covers <a href={`/alerts/${approval.alertId}`}>alert {approval.alertId}</a>
        {(approval.coveredCount ?? 0) > 0 ? ` and ${approval.coveredCount} more alert(s)` : ''}
        {approval.incidentId === undefined ? null : (
          <>
            {' '}
            in <a href={`/incidents/${approval.incidentId}`}>incident {approval.incidentId}</a>
          </>
        )}
      </p>
      {approval.outcome === undefined ? null : (
        <p>
          Outcome: <Badge kind="status" value={approval.outcome.status} /> {approval.outcome.detail}
        </p>
      )}
      {approval.status !== 'pending' ? null : (
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={blocked !== undefined}
            aria-describedby={blocked === undefined ? undefined : `why-${approval.id}`}
            onClick={() => setDialog('approve')}
          >
            Approve
          </button>
          <button
            type="button"
            class="danger"
            disabled={blocked !== undefined}
            aria-describedby={blocked === undefined ? undefined : `why-${approval.id}`}
            onClick={() => setDialog('reject')}
          >
            Reject
          </button>
          {blocked === undefined ? null : (
            <span class="why-not" id={`why-${approval.id}`}>
              {blocked}
            </span>
          )}
        </div>
      )}
      {dialog === undefined ? null : (
        <Modal title={dialog === 'approve' ? `Approve ${approval.action.name}` : `Reject ${approval.action.name}`} onClose={close}>
          <form onSubmit={(event) => void vote(event)}>
            <label>
              <span>{dialog === 'approve' ? 'Comment (optional)' : 'Reason (required)'}</span>
              <textarea
                value={text}
                required={dialog === 'reject'}
                maxLength={1000}
                onInput={(event) => setText(event.currentTarget.value)}
              />
            </label>
            {blocked === undefined ? null : <ErrorNote message={blocked} />}
            {failure === undefined ? null : <ErrorNote message={failure} />}
            {dialog === 'approve' && mustConfirm ? (
              <label class="confirm">
                <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.currentTarget.checked)} />
                <span>This is a {approval.risk}-risk action. I have checked the action and its parameters.</span>
              </label>
            ) : null}
            <p class="actions">
              <button
                type="submit"
                class={dialog === 'approve' ? 'primary' : 'danger'}
                disabled={
                  busy ||
                  blocked !== undefined ||
                  (dialog === 'approve' && mustConfirm && !confirmed) ||
                  (dialog === 'reject' && text.trim() === '')
                }
              >
                {dialog === 'approve' ? 'Confirm approval' : 'Confirm rejection'}
              </button>
              <button type="button" onClick={close}>
                Cancel
              </button>
            </p>
          </form>
        </Modal>
      )}
    </article>
  );
}
