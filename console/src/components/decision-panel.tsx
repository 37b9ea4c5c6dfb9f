/** Why triage decided what it did: who decided, how sure, the rationale, and the action the policy gave. */
import type { TriageDecision } from '../api.ts';
import { params, percent } from '../format.ts';
import { Badge } from './badges.tsx';

function decider(decision: TriageDecision): string {
  const by = decision.decidedBy;
  if (by.kind === 'rule') return `tenant rule ${by.ruleId}`;
  if (by.kind === 'llm') return `LLM ${by.provider} · ${by.model}${by.variant === undefined ? '' : ` (variant ${by.variant})`}`;
  if (by.kind === 'learned') return `learned from a correction by ${by.by}`;
  if (by.kind === 'correction') return `corrected by ${by.by}`;
  return `keyless classifier ${by.version}`;
}

export function DecisionPanel({ decision }: { decision: TriageDecision }) {
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
      <p class="rationale">{decision.rationale}</p>
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
