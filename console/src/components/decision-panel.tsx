/** Why triage decided what it did: who decided, how sure, the rationale, and the action the policy gave. */
import type { TriageDecision } from '../api.ts';
import { params, percent } from '../format.ts';
import { Badge } from './badges.tsx';
import { CorrectionForm } from './correction-form.tsx';

function decider(decision: TriageDecision): string {
  const by = decision.decidedBy;
  if (by.kind === 'rule') return `tenant rule ${by.ruleId}`;
  if (by.kind === 'llm') return `LLM ${by.provider} · ${by.model}${by.variant === undefined ? '' : ` (variant ${by.variant})`}`;
  if (by.kind === 'learned') return `learned from a correction by ${by.by}`;
  if (by.kind === 'correction') return `corrected by ${by.by}`;
  return `keyless classifier ${by.version}`;
}

export function DecisionPanel({ decision, alertId }: { decision: TriageDecision; alertId: string }) {
  const action = decision.action;
  return (
    <section class="panel" aria-label="Triage decision">
      <h2>Triage decision</h2>
      <dl class="kv">
        <div>
          <dt>Decided by</dt>
          <dd>{decider(decision)}</dd>
        </div>
        <div>
          <dt>Confidence</dt>
          <dd>{percent(decision.confidence)}</dd>
        </div>
        <div>
          <dt>Category</dt>
          <dd>{decision.category}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{[decision.service, decision.team].filter(Boolean).join(' · ') || '—'}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>
            {decision.priority} · <Badge kind="severity" value={decision.severity} />
          </dd>
        </div>
      </dl>
      {decision.needsReview === undefined ? null : (
        <p class="review" role="note">
          <strong>Needs review:</strong> the classifier was less sure than the tenant's threshold ({percent(decision.needsReview.below)}).
          Best guesses: {decision.needsReview.guesses.map((guess) => `${guess.category} (${percent(guess.confidence)})`).join(', ')}.
        </p>
      )}
      <p class="rationale">{decision.rationale}</p>
      {decision.original === undefined ? null : (
        <p class="muted">
          Triage had said {decision.original.category}
          {decision.original.team === undefined ? '' : ` · ${decision.original.team}`} · {decision.original.severity} (
          {decider(decision.original as TriageDecision)}, {percent(decision.original.confidence)}).
        </p>
      )}
      <CorrectionForm alertId={alertId} current={decision} />
      {decision.abstentions.length === 0 ? null : (
        <details>
          <summary>{decision.abstentions.length} step(s) abstained before it</summary>
          <ul>
            {decision.abstentions.map((step) => (
              <li key={step.step}>
                {step.step}: {step.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <h3>Proposed action</h3>
      {action === undefined ? (
        <p>{decision.noAction ?? 'No action proposed.'}</p>
      ) : (
        <dl class="kv">
          <div>
            <dt>Action</dt>
            <dd>
              <code>{action.name}</code> {params(action.params)}
            </dd>
          </div>
          <div>
            <dt>Risk and mode</dt>
            <dd>
              <Badge kind="risk" value={action.risk} /> <Badge kind="mode" value={action.mode} />
            </dd>
          </div>
          <div>
            <dt>Policy</dt>
            <dd>{action.modeReason}</dd>
          </div>
          <div>
            <dt>Proposed by</dt>
            <dd>{action.source}</dd>
          </div>
          {action.history === undefined ? null : (
            <div>
              <dt>Before</dt>
              <dd>{action.history.summary}</dd>
            </div>
          )}
          {action.suppressed === undefined ? null : (
            <div>
              <dt>Suppressed</dt>
              <dd>
                {action.suppressed.kind}: {action.suppressed.reason}
              </dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}
