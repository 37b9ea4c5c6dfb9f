/**
 * The ExecuteAction task: carries out the approved (or auto) action with the executor the tenant's
 * remediation config picks (dry-run unless it went live). The alert is read again first: an
 * action for a revision that resolved or fired again since is skipped, not run on a stale premise.
 * What the target answered is an outcome, never an exception (see domain/remediation/execution.ts).
 *
 * The task trusts nothing its input says about permission: it derives the mode from the tenant's
 * policy again, and when that needs approval it reads the approval record and runs only if it is
 * approved, by enough distinct approvers, none of them the requester. Whoever can start an
 * execution with `mode: auto`, or send a task token, still cannot run an action the policy gates.
 */

import { modeFor, STRICTNESS } from '../../domain/actions/policy.ts';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import { approvalsFor } from '../../domain/approvals/approval.ts';
import type { ApprovalStore } from '../../domain/approvals/approval-store.ts';
import type { ExecutorFor } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import type { RemediationRequest } from '../../domain/remediation/remediation.ts';
import { targetDigestOf } from '../../domain/remediation/target-digest.ts';
import { environmentOf, type TenantConfig } from '../../domain/tenants/tenant-config.ts';

export interface ExecuteDeps {
  readonly alerts: AlertStore;
  readonly approvals: Pick<ApprovalStore, 'get'>;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  /** The executor for an action under the tenant's remediation config. */
  readonly executorFor: ExecutorFor;
}

/** What the task returns: the outcome, or why the action was not run. */
export type ExecutionResult = { readonly outcome: ExecutionOutcome } | { readonly skipped: string };

/** Reading what the action needs failed (a throttled or unreachable table): the state machine retries it with backoff. */
export class TransientError extends Error {
  override name = 'TransientError';
}

async function readOrRetry<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error: unknown) {
    throw new TransientError(`could not read ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export async function executeAction(deps: ExecuteDeps, request: RemediationRequest): Promise<ExecutionResult> {
  const alert = await readOrRetry('the alert', () => deps.alerts.get(request.tenant, request.alertId));
  if (alert === undefined) return { skipped: 'the alert no longer exists' };
  const gone =
    alert.revision !== request.revision
      ? `the alert fired again (revision ${alert.revision}) before the action ran`
      : alert.status === 'resolved'
        ? 'the alert resolved before the action ran'
        : undefined;
  // The action is for the alerts that joined its approval too: it goes on while one of them fires.
  if (gone !== undefined && !(await joinedAlertFiring(deps, request))) return { skipped: gone };
  const config = await readOrRetry("the tenant's configuration", () => deps.configOf(request.tenant));
  const refusal = await permissionRefusal(deps, request, alert, config);
  if (refusal !== undefined) return { skipped: refusal };
  const executor = deps.executorFor(request.action.name, config.remediation);
  const outcome = await executor.execute({
    tenant: request.tenant,
    ...(request.approvalId === undefined ? {} : { approvalId: request.approvalId }),
    alert,
    action: request.action,
    requestedBy: request.requestedBy,
    correlationId: request.correlationId,
  });
  return { outcome };
}

async function joinedAlertFiring(deps: ExecuteDeps, request: RemediationRequest): Promise<boolean> {
  if (request.approvalId === undefined) return false;
  const approval = await readOrRetry('the approval', () => deps.approvals.get(request.tenant, request.approvalId ?? ''));
  const covers = approval?.covers ?? [];
  if (covers.length === 0) return false;
  const alerts = await readOrRetry('the joined alerts', () =>
    deps.alerts.getMany(
      request.tenant,
      covers.map((covered) => covered.alertId),
    ),
  );
  return covers.some((covered) => {
    const alert = alerts.get(covered.alertId);
    return alert !== undefined && alert.revision === covered.revision && alert.status !== 'resolved';
  });
}

/** Why the action may not run now, or undefined: the policy's mode again, and the approval it needs. */
async function permissionRefusal(
  deps: ExecuteDeps,
  request: RemediationRequest,
  alert: AlertRecord,
  config: TenantConfig,
): Promise<string | undefined> {
  if (request.targetDigest !== undefined && request.targetDigest !== targetDigestOf(request.action, config.remediation)) {
    return "the action's target configuration changed since it was requested (a new URL, role or executor): request it again";
  }
  const policy = modeFor(request.action.name, alert.labels, config.policies, environmentOf(alert.labels, config.environments));
  if (policy.mode === 'forbidden' || policy.mode === 'notify-only')
    return `the tenant's policy now gives it ${policy.mode} (${policy.reason})`;
  const needed = STRICTNESS[policy.mode] > STRICTNESS[request.mode] ? policy.mode : request.mode;
  if (needed === 'auto') return undefined;
  if (request.approvalId === undefined) return `it needs ${needed} (${policy.reason}), and no approval was asked for`;
  const approval = await readOrRetry('the approval', () => deps.approvals.get(request.tenant, request.approvalId ?? ''));
  if (approval === undefined || approval.alertId !== request.alertId || approval.execution !== request.execution) {
    return `approval ${request.approvalId} is not this action's`;
  }
  if (approval.status !== 'approved') return `approval ${approval.id} is ${approval.status}, not approved`;
  const approvers = new Set(
    approval.votes.filter((vote) => vote.vote === 'approve' && vote.by !== approval.requestedBy).map((vote) => vote.by),
  );
  const required = approvalsFor(needed);
  if (approvers.size < required)
    return `it needs ${required} approvers other than the requester (${policy.reason}); it has ${approvers.size}`;
  return undefined;
}
