/**
 * The limits on what automation may do to one target, applied where remediations start and end:
 *   limitedAction — at triage: the proposal gets its target key, and says why when the target's
 *                   cool-down or breaker stops it (the decision shows that);
 *   claimTarget   — at start: a conditional write makes this execution the target's only one;
 *                   a later alert for the same target joins the pending approval instead;
 *   releaseTarget — at the end: frees the target, and an execution that ran starts the cool-down.
 */
import { alertsOf, MAX_COVERED_ALERTS } from '../../domain/approvals/approval.ts';
import type { ApprovalStore, StoredApproval } from '../../domain/approvals/approval-store.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import type { RemediationRequest } from '../../domain/remediation/remediation.ts';
import { isWorkflowMode } from '../../domain/remediation/remediation.ts';
import {
  type ClaimResult,
  claimTarget as claim,
  escalatedTarget,
  type JoinedAlert,
  releasedTarget,
  suppressionOf,
  type TargetClaim,
  targetKeyOf,
  withJoiner,
} from '../../domain/remediation/remediation-target.ts';
import type { TargetStore } from '../../domain/remediation/target-store.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { ProposedAction } from '../../domain/triage/decision.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';

const MAX_ATTEMPTS = 30;
/** A claim outlives its approval's deadline by this much; an auto execution holds its target at most this long. */
const CLAIM_MARGIN_MS = 60 * 60_000;

/** The proposal with its target key and, when the target rests, why it is not started. */
export async function limitedAction(
  targets: TargetStore,
  tenant: string,
  alertId: string,
  action: ProposedAction,
  config: Pick<TenantConfig, 'policies'>,
  now: Date,
): Promise<ProposedAction> {
  const targetKey = targetKeyOf(action, alertId);
  if (!isWorkflowMode(action.mode)) return { ...action, targetKey };
  const suppression = suppressionOf(await targets.get(tenant, targetKey), config.policies.targets, now);
  return { ...action, targetKey, ...(suppression === undefined ? {} : { suppressed: suppression }) };
}

/** Claims the request's target; `config` undefined for a person's request (no cool-down or breaker). */
export async function claimTargetFor(
  targets: TargetStore,
  request: RemediationRequest & { readonly targetKey: string },
  config: Pick<TenantConfig, 'policies'> | undefined,
  now: Date,
): Promise<ClaimResult> {
  const until = new Date((request.deadline === undefined ? now.getTime() : Date.parse(request.deadline)) + CLAIM_MARGIN_MS);
  const wanted: TargetClaim = {
    execution: request.execution,
    alertId: request.alertId,
    ...(request.approvalId === undefined ? {} : { approvalId: request.approvalId }),
    since: now.toISOString(),
    until: until.toISOString(),
  };
  return retryOnConflict(
    async () => {
      const state = await targets.get(request.tenant, request.targetKey);
      const result = claim(state, { tenant: request.tenant, targetKey: request.targetKey }, wanted, config?.policies.targets, now);
      if (result.result === 'claimed') await targets.save(result.state);
      return result;
    },
    { attempts: MAX_ATTEMPTS },
  );
}

/**
 * The claim of an `auto` execution the tenant's cap turned into an approval: it names the
 * approval (so later alerts join it, and a redelivery rebuilds the same request) and lasts past
 * its deadline.
 */
export async function claimWithApproval(targets: TargetStore, request: RemediationRequest & { readonly targetKey: string }): Promise<void> {
  const { approvalId, deadline } = request;
  if (approvalId === undefined || deadline === undefined) return;
  await retryOnConflict(
    async () => {
      const state = await targets.get(request.tenant, request.targetKey);
      const claim = state?.claim;
      if (state === undefined || claim?.execution !== request.execution || claim.approvalId === approvalId) return;
      const until = new Date(Date.parse(deadline) + CLAIM_MARGIN_MS).toISOString();
      await targets.save({ ...state, claim: { ...claim, approvalId, until }, version: state.version + 1 });
    },
    { attempts: MAX_ATTEMPTS },
  );
}

/** Frees the target `request` held; `ran` when its action was carried out (succeeded or failed). */
export async function releaseTarget(
  targets: TargetStore,
  request: Pick<RemediationRequest, 'tenant' | 'targetKey' | 'execution'>,
  ran: 'executed' | 'failed' | undefined,
  at: string,
): Promise<void> {
  const targetKey = request.targetKey;
  if (targetKey === undefined) return;
  await retryOnConflict(
    async () => {
      const state = await targets.get(request.tenant, targetKey);
      if (state === undefined) return;
      const next = releasedTarget(state, request.execution, ran, at);
      if (next !== undefined) await targets.save(next);
    },
    { attempts: MAX_ATTEMPTS },
  );
}

/**
 * Adds a later alert to the pending approval that holds its target. Undefined when that approval
 * is no longer pending (it was decided meanwhile): the caller then tries to claim the target again.
 */
export async function joinApproval(
  approvals: ApprovalStore,
  tenant: string,
  approvalId: string,
  joining: { readonly alertId: string; readonly revision: number; readonly incidentId?: string },
  at: string,
): Promise<StoredApproval | undefined> {
  return retryOnConflict(
    async () => {
      const approval = await approvals.get(tenant, approvalId);
      if (approval?.status !== 'pending') return undefined;
      if (alertsOf(approval).includes(joining.alertId)) return approval;
      const covers = approval.covers ?? [];
      const entry = {
        alertId: joining.alertId,
        revision: joining.revision,
        at,
        ...(joining.incidentId === undefined ? {} : { incidentId: joining.incidentId }),
      };
      const next: StoredApproval = {
        ...approval,
        covers: covers.length < MAX_COVERED_ALERTS ? [...covers, entry] : covers,
        coveredCount: (approval.coveredCount ?? covers.length) + 1,
        version: approval.version + 1,
      };
      await approvals.transition(next);
      return next;
    },
    { attempts: MAX_ATTEMPTS },
  );
}

/**
 * Records a later alert on the claim whose approval does not exist yet; the approval takes it
 * over when RequestApproval writes it (approvalWithJoiners). Read again afterwards: if the
 * approval appeared meanwhile, the alert joins it directly, so neither side misses it.
 */
export async function joinEarly(
  deps: { readonly targets: TargetStore; readonly approvals: ApprovalStore },
  request: RemediationRequest & { readonly targetKey: string },
  held: TargetClaim & { readonly approvalId: string },
  joining: JoinedAlert,
): Promise<void> {
  await retryOnConflict(
    async () => {
      const state = await deps.targets.get(request.tenant, request.targetKey);
      const next = state === undefined ? undefined : withJoiner(state, held.execution, joining);
      if (next !== undefined) await deps.targets.save(next);
    },
    { attempts: MAX_ATTEMPTS },
  );
  if ((await deps.approvals.get(request.tenant, held.approvalId)) !== undefined) {
    await joinApproval(deps.approvals, request.tenant, held.approvalId, joining, joining.at);
  }
}

/** The approval with the alerts that joined its target's claim before it was written. */
export async function approvalWithJoiners(
  deps: { readonly targets: TargetStore; readonly approvals: ApprovalStore },
  approval: StoredApproval,
): Promise<StoredApproval> {
  if (approval.targetKey === undefined) return approval;
  const claim = (await deps.targets.get(approval.tenant, approval.targetKey))?.claim;
  if (claim?.execution !== approval.execution) return approval;
  let current = approval;
  for (const joining of claim.joined ?? [])
    current = (await joinApproval(deps.approvals, approval.tenant, approval.id, joining, joining.at)) ?? current;
  return current;
}

/** Whether this call is the one to tell people the target's breaker is open (once an hour). */
export async function firstEscalation(targets: TargetStore, tenant: string, targetKey: string, now: Date): Promise<boolean> {
  return retryOnConflict(
    async () => {
      const state = await targets.get(tenant, targetKey);
      const next = state === undefined ? undefined : escalatedTarget(state, now);
      if (next === undefined) return false;
      await targets.save(next);
      return true;
    },
    { attempts: MAX_ATTEMPTS },
  );
}

/** `action.deduplicated`: this alert's proposal joined the execution that holds its target. */
export function actionDeduplicated(request: RemediationRequest, held: TargetClaim, at: string): AuditEvent {
  return {
    eventId: `${request.execution}:deduplicated`,
    tenant: request.tenant,
    time: at,
    type: 'action.deduplicated',
    actor: 'system',
    subjects: {
      alertId: request.alertId,
      executionId: held.execution,
      ...(held.approvalId === undefined ? {} : { approvalId: held.approvalId }),
      ...(request.incidentId === undefined ? {} : { incidentId: request.incidentId }),
    },
    correlationId: request.correlationId,
    data: {
      action: request.action,
      mode: request.mode,
      targetKey: request.targetKey ?? null,
      joined: held.execution,
      heldBy: held.alertId,
    },
  };
}

/** `action.suppressed`: a cool-down, the target's breaker or the tenant's cap stopped it. */
export function actionSuppressed(
  request: RemediationRequest,
  suppression: { readonly kind: 'cool-down' | 'breaker' | 'cap'; readonly reason: string },
  at: string,
): AuditEvent {
  return {
    eventId: `${request.execution}:suppressed:${suppression.kind}`,
    tenant: request.tenant,
    time: at,
    type: 'action.suppressed',
    actor: 'system',
    subjects: {
      alertId: request.alertId,
      executionId: request.execution,
      ...(request.incidentId === undefined ? {} : { incidentId: request.incidentId }),
    },
    correlationId: request.correlationId,
    data: {
      action: request.action,
      mode: request.mode,
      targetKey: request.targetKey ?? null,
      kind: suppression.kind,
      reason: suppression.reason,
    },
  };
}
