/**
 * What triage does with the action its decision proposes, once the decision is stored:
 *   auto, approval, approval-2 → claim the action's target, then start the remediation workflow
 *                                (named after the alert and revision); when another execution
 *                                holds the target, join its approval instead; when the target
 *                                rests (cool-down, breaker), start nothing and say why;
 *   notify-only                → tell the tenant's targets (once per incident: the alert that
 *                                opened it), start nothing;
 *   forbidden                  → nothing: the decision already records the mode and why.
 * Past the tenant's cap on automatic executions, an `auto` action needs an approval.
 * Runs for a redelivered message too (the decision is found stored), so a start that failed
 * after the decision was written happens on the retry, under the claim it already holds; one
 * whose remediation the alert already shows claims and starts nothing.
 */

import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { TriageMessage } from '../../domain/alerts/triage-message.ts';
import { executionNameFor, isWorkflowMode, type RemediationRequest, summaryOf } from '../../domain/remediation/remediation.ts';
import { liveClaim, type Suppression, type TargetClaim } from '../../domain/remediation/remediation-target.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { ProposedAction } from '../../domain/triage/decision.ts';
import { briefOf, tellIncident } from '../incidents/incident-notifications.ts';
import { linkApproval } from '../incidents/link-approval.ts';
import { nowOf, type RemediationDeps } from './deps.ts';
import { recordRemediation } from './record-remediation.ts';
import { notificationOf } from './remediation-events.ts';
import {
  actionDeduplicated,
  actionSuppressed,
  claimTargetFor,
  claimWithApproval,
  firstEscalation,
  joinApproval,
  joinEarly,
} from './remediation-targets.ts';
import { remediationRequest, startRemediation } from './start-remediation.ts';

export type DecisionAction = 'started' | 'already-started' | 'joined' | 'suppressed' | 'notified' | 'forbidden' | 'none';

export async function actOnDecision(
  deps: RemediationDeps,
  message: TriageMessage,
  triage: 'decided' | 'duplicate' | string,
  /** The alert as triage just wrote it, when it did: saves reading it again. */
  written?: AlertRecord,
  /** Whether this alert opened (or reopened) its incident. */
  opensIncident = false,
): Promise<DecisionAction> {
  if (triage !== 'decided' && triage !== 'duplicate') return 'none';
  const alert = written ?? (await deps.alerts.get(message.tenant, message.alertId));
  const decision = alert?.decision;
  const action = decision?.action;
  if (alert === undefined || decision === undefined || action === undefined) return 'none';
  if (decision.eventId !== message.eventId || decision.supersededAt !== undefined || alert.revision !== decision.revision) return 'none';
  if (action.mode === 'forbidden') return 'forbidden';
  const config = await deps.configOf(message.tenant);
  const requestFor = (mode: ProposedAction['mode'], modeReason: string) =>
    remediationRequest(
      {
        alert,
        action: { ...action, mode: isWorkflowMode(mode) ? mode : 'auto', modeReason },
        execution: executionNameFor(alert.tenant, alert.id, alert.revision),
        source: 'triage',
        // The sender of the alert asked for this, in effect: they may not approve it.
        requestedBy: alert.sentBy ?? 'system',
        requestedAt: new Date(decision.decidedAt),
        correlationId: message.correlationId,
      },
      config,
    );
  const request = requestFor(action.mode, action.modeReason);
  if (isWorkflowMode(action.mode)) {
    if (action.suppressed !== undefined) return suppress(deps, alert, request, action.suppressed);
    const cap = config.policies.autoExecutions;
    const capped = () =>
      requestFor(
        'approval',
        `${action.modeReason}; the tenant's ${cap.max} automatic executions per ${cap.windowMinutes} minutes are used up, so it needs an approval`,
      );
    return claimAndStart(deps, alert, request, capped, config);
  }
  // notify-only: told once, by the message that stored the decision, and once per incident: by
  // the alert that opened it, never by the alerts that joined it.
  if (triage !== 'decided' || (alert.incidentId !== undefined && !opensIncident)) return 'none';
  await deps.notify(
    config.notifications.targets,
    notificationOf('requested', request, alert, { mode: action.mode, at: nowOf(deps).toISOString() }),
    message.correlationId,
  );
  return 'notified';
}

async function claimAndStart(
  deps: RemediationDeps,
  alert: AlertRecord,
  proposed: RemediationRequest,
  capped: () => RemediationRequest,
  config: TenantConfig,
): Promise<DecisionAction> {
  const now = nowOf(deps);
  // Started already by an earlier delivery (and perhaps ended, freeing its target): neither
  // claimed nor started again, or a claim would outlive a workflow that is gone.
  if (alert.remediations?.[proposed.execution] !== undefined) return 'already-started';
  const targetKey = proposed.targetKey ?? '';
  // A redelivered message finds its own claim: it says whether the cap had turned it into an approval.
  const own = liveClaim(await deps.targets.get(proposed.tenant, targetKey), now);
  let request = own?.execution === proposed.execution && proposed.mode === 'auto' && own.approvalId !== undefined ? capped() : proposed;
  const claimed = await claimTargetFor(deps.targets, { ...request, targetKey }, config, now);
  switch (claimed.result) {
    case 'claimed':
    case 'held': {
      // Counted once it holds the target: proposals that join or rest use none of the cap.
      if (claimed.result === 'claimed' && request.mode === 'auto') {
        const { max, windowMinutes } = config.policies.autoExecutions;
        const counted = await deps.limiter.consume(`auto-executions#${request.tenant}`, max, windowMinutes * 60, now);
        if (!counted.allowed) {
          request = capped();
          await claimWithApproval(deps.targets, { ...request, targetKey });
        }
      }
      const started = await startRemediation(deps, request);
      if (request.approvalId !== undefined && request.incidentId !== undefined) {
        await linkApproval(deps, request.tenant, request.incidentId, request.approvalId, now.toISOString());
      }
      return started;
    }
    case 'suppressed':
      return suppress(deps, alert, request, claimed.suppression);
    case 'taken':
      return join(deps, alert, request, claimed.claim);
  }
}

/** Another execution holds the target: this alert joins its approval (when it still waits), and says so. */
async function join(deps: RemediationDeps, alert: AlertRecord, request: RemediationRequest, held: TargetClaim): Promise<'joined'> {
  const at = nowOf(deps).toISOString();
  if (held.approvalId !== undefined) {
    const joining = {
      alertId: alert.id,
      revision: alert.revision,
      at,
      ...(request.incidentId === undefined ? {} : { incidentId: request.incidentId }),
    };
    // The workflow writes its approval a moment after it starts: until then the claim keeps the joiner.
    const joined = await joinApproval(deps.approvals, request.tenant, held.approvalId, joining, at);
    if (joined === undefined) {
      await joinEarly(deps, { ...request, targetKey: request.targetKey ?? '' }, { ...held, approvalId: held.approvalId }, joining);
    }
    if (request.incidentId !== undefined) await linkApproval(deps, request.tenant, request.incidentId, held.approvalId, at);
  }
  const reason =
    held.approvalId === undefined
      ? `the same action on the same target is already running (execution ${held.execution}, for alert ${held.alertId})`
      : `joined approval ${held.approvalId}, already pending for the same action on the same target (for alert ${held.alertId})`;
  await deps.audit.send([actionDeduplicated(request, held, at)]);
  await recordRemediation(deps.alerts, request.tenant, request.alertId, held.execution, (current) =>
    current === undefined
      ? {
          ...summaryOf(
            { ...request, execution: held.execution, ...(held.approvalId === undefined ? {} : { approvalId: held.approvalId }) },
            'joined',
            at,
          ),
          reason,
        }
      : undefined,
  );
  return 'joined';
}

/** The breaker stopped an action on this target: people are told, once an hour per target. */
async function escalate(deps: RemediationDeps, alert: AlertRecord, request: RemediationRequest, suppression: Suppression, now: Date) {
  if (request.targetKey === undefined || !(await firstEscalation(deps.targets, request.tenant, request.targetKey, now))) return;
  const incident = request.incidentId === undefined ? undefined : await deps.incidents.get(request.tenant, request.incidentId);
  const brief =
    incident === undefined
      ? { id: request.execution, status: 'open', severity: alert.severity ?? 'warning', alerts: 1 }
      : briefOf(incident);
  const facts = { alert, decision: { action: alert.decision?.action }, reason: suppression.reason, at: now.toISOString() };
  await tellIncident(deps, 'incident-escalated', request.tenant, brief, facts, request.correlationId);
}

/** The target rests: nothing starts; the audit log and the alert say why. */
async function suppress(
  deps: RemediationDeps,
  alert: AlertRecord,
  request: RemediationRequest,
  suppression: Suppression,
): Promise<'suppressed'> {
  const at = nowOf(deps).toISOString();
  await deps.audit.send([actionSuppressed(request, suppression, at)]);
  if (suppression.kind === 'breaker') await escalate(deps, alert, request, suppression, nowOf(deps));
  // No approval was asked for: the summary names none.
  const { approvalId: _none, ...unrequested } = request;
  await recordRemediation(deps.alerts, request.tenant, alert.id, request.execution, (current) =>
    current === undefined ? { ...summaryOf(unrequested, 'suppressed', at), reason: suppression.reason } : undefined,
  );
  return 'suppressed';
}
