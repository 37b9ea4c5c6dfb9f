/**
 * The RequestApproval task, the gate every remediation starts at: in auto mode it resumes its
 * own task at once; else it stores the approval with the task's callback token (which never
 * leaves the server), records and announces the request, and returns; the execution then waits
 * for the decisive vote, the deadline, or a cancellation. An alert that resolved (or fired again
 * as a new revision) before the approval existed cancels it here, so no race with the
 * resolution's own cancellation leaves an approval pending for an alert that is gone.
 */
import { approvalsFor } from '../../domain/approvals/approval.ts';
import type { StoredApproval } from '../../domain/approvals/approval-store.ts';
import type { RemediationRequest } from '../../domain/remediation/remediation.ts';
import { cancelApproval } from './cancel-approvals.ts';
import { nowOf, type RemediationDeps } from './deps.ts';
import { TransientError } from './execute-action.ts';
import { approvalRequested, notificationOf } from './remediation-events.ts';
import { approvalWithJoiners } from './remediation-targets.ts';

/** The auto-mode gate's answer: nobody was asked (ExecuteAction checks the tenant's policy again). */
const OPENED_AT_ONCE = { approvedBy: [] };

/** The approval waited for, or undefined in auto mode: the gate has opened itself. */
export async function requestApproval(
  deps: RemediationDeps,
  taskToken: string,
  request: RemediationRequest,
): Promise<StoredApproval | undefined> {
  if (request.mode === 'auto') {
    try {
      await deps.workflow.approve(taskToken, OPENED_AT_ONCE);
    } catch (error: unknown) {
      // Step Functions throttled or unreachable: the state machine runs the gate again, with a new token.
      throw new TransientError(`could not open the gate: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return undefined;
  }
  if (request.approvalId === undefined || request.deadline === undefined) {
    throw new Error(`Execution ${request.execution} asks for an approval without an approval mode, id or deadline`);
  }
  const now = nowOf(deps);
  const created = await deps.approvals.create({
    tenant: request.tenant,
    id: request.approvalId,
    alertId: request.alertId,
    ...(request.alertName === undefined ? {} : { alertName: request.alertName }),
    revision: request.revision,
    execution: request.execution,
    action: request.action,
    risk: request.risk,
    requiredApprovals: approvalsFor(request.mode),
    votes: [],
    status: 'pending',
    deadline: request.deadline,
    createdAt: now.toISOString(),
    source: request.source,
    requestedBy: request.requestedBy,
    ...(request.targetKey === undefined ? {} : { targetKey: request.targetKey }),
    ...(request.incidentId === undefined ? {} : { incidentId: request.incidentId }),
    version: 1,
    taskToken,
  });
  // Alerts for the same target may have joined before this record existed: it takes them over.
  const approval = await approvalWithJoiners(deps, await withCurrentToken(deps, created, taskToken));
  const alert = await deps.alerts.get(request.tenant, request.alertId);
  const gone = alert === undefined || alert.status === 'resolved' || alert.revision !== request.revision;
  // Alerts that joined it early still need it while one of them fires.
  if (gone && !(await anyCoveredFiring(deps, approval))) {
    await cancelApproval(deps, approval, request.correlationId, 'the alert resolved before the approval was requested');
    return approval;
  }
  await deps.audit.send([approvalRequested(request, approval)]);
  const config = await deps.configOf(request.tenant);
  await deps.notify(
    config.notifications.targets,
    notificationOf('requested', request, alert, { approval, publicBaseUrl: deps.publicBaseUrl, at: approval.createdAt }),
    request.correlationId,
  );
  return approval;
}

async function anyCoveredFiring(deps: RemediationDeps, approval: StoredApproval): Promise<boolean> {
  const covers = approval.covers ?? [];
  if (covers.length === 0) return false;
  const alerts = await deps.alerts.getMany(
    approval.tenant,
    covers.map((covered) => covered.alertId),
  );
  return covers.some((covered) => {
    const found = alerts.get(covered.alertId);
    return found !== undefined && found.revision === covered.revision && found.status !== 'resolved';
  });
}

/**
 * A retried RequestApproval task (the state machine retries Lambda service errors) comes with a new
 * token, and the record of the first attempt may exist: the pending record takes the new token, or
 * the decisive vote would resume a task that is gone.
 */
async function withCurrentToken(deps: RemediationDeps, approval: StoredApproval, taskToken: string): Promise<StoredApproval> {
  if (approval.taskToken === taskToken || approval.status !== 'pending') return approval;
  const next = { ...approval, taskToken, version: approval.version + 1 };
  await deps.approvals.transition(next);
  return next;
}
