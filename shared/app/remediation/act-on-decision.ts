/**
 * What triage does with the action its decision proposes, once the decision is stored:
 *   auto, approval, approval-2 → start the remediation workflow (named after the alert and revision);
 *   notify-only                → tell the tenant's targets, start nothing;
 *   forbidden                  → nothing: the decision already records the mode and why.
 * Runs for a redelivered message too (the decision is found stored), so a start that failed
 * after the decision was written happens on the retry.
 */

import type { TriageMessage } from '../../domain/alerts/triage-message.ts';
import { executionNameFor, isWorkflowMode } from '../../domain/remediation/remediation.ts';
import { nowOf, type RemediationDeps } from './deps.ts';
import { notificationOf } from './remediation-events.ts';
import { remediationRequest, startRemediation } from './start-remediation.ts';

export type DecisionAction = 'started' | 'already-started' | 'notified' | 'forbidden' | 'none';

export async function actOnDecision(
  deps: RemediationDeps,
  message: TriageMessage,
  triage: 'decided' | 'duplicate' | string,
): Promise<DecisionAction> {
  if (triage !== 'decided' && triage !== 'duplicate') return 'none';
  const alert = await deps.alerts.get(message.tenant, message.alertId);
  const decision = alert?.decision;
  const action = decision?.action;
  if (alert === undefined || decision === undefined || action === undefined) return 'none';
  if (decision.eventId !== message.eventId || decision.supersededAt !== undefined || alert.revision !== decision.revision) return 'none';
  if (action.mode === 'forbidden') return 'forbidden';
  const config = await deps.configOf(message.tenant);
  const request = remediationRequest(
    {
      alert,
      action: { ...action, mode: isWorkflowMode(action.mode) ? action.mode : 'auto' },
      execution: executionNameFor(alert.tenant, alert.id, alert.revision),
      source: 'triage',
      // The sender of the alert asked for this, in effect: they may not approve it.
      requestedBy: alert.sentBy ?? 'system',
      requestedAt: new Date(decision.decidedAt),
      correlationId: message.correlationId,
    },
    config,
  );
  if (isWorkflowMode(action.mode)) return startRemediation(deps, request);
  // notify-only: told once, by the message that stored the decision.
  if (triage !== 'decided') return 'none';
  await deps.notify(
    config.notifications.targets,
    notificationOf('requested', request, alert, { mode: action.mode, at: nowOf(deps).toISOString() }),
    message.correlationId,
  );
  return 'notified';
}
