/**
 * A vote on an approval: a conditional transition first (so of ten approvers clicking at once,
 * one wins and nine get 409), then the vote is recorded, and if it decided the request the
 * workflow is resumed or failed and the tenant told. If Step Functions says the task is over (it
 * timed out), the record is brought in line (expired) and the caller gets 409, never a 5xx.
 */
import * as z from 'zod';
import { type Approval, castVote, type VoteChannel } from '../../domain/approvals/approval.ts';
import type { StoredApproval } from '../../domain/approvals/approval-store.ts';
import { ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import { announceApproval, closeApproval } from './close-approval.ts';
import { nowOf, type RemediationDeps } from './deps.ts';
import { approvalFacts, requestOfApproval } from './remediation-events.ts';

/** An approval as the API shows it: everything but the workflow's token. */
export function approvalView({ taskToken: _token, ...approval }: StoredApproval): Approval {
  return approval;
}

function expire(deps: RemediationDeps, approval: StoredApproval, correlationId: string, tellWorkflow: boolean) {
  return closeApproval(deps, approval, { status: 'expired', reason: 'no decision before the deadline', correlationId, tellWorkflow });
}

export async function decideApproval(
  deps: RemediationDeps,
  principal: Principal,
  id: string | undefined,
  vote: { vote: 'approve' | 'reject'; note?: string; via?: VoteChannel },
  correlationId: string,
): Promise<Approval> {
  const now = nowOf(deps);
  const approval = id === undefined || id.length > 128 ? undefined : await deps.approvals.get(principal.tenant, id);
  if (approval === undefined) throw new NotFoundError(`No approval ${JSON.stringify(id ?? '')}`);
  if (approval.status === 'pending' && now.toISOString() >= approval.deadline) {
    await expire(deps, approval, correlationId, true);
    throw new ConflictError(`Approval ${approval.id} expired at ${approval.deadline}`);
  }
  // The same decisive vote sent again (its first request failed telling the workflow): tell it again.
  if (isOwnDecision(approval, principal.subject, vote.vote)) return tellWorkflow(deps, approval, correlationId, now);
  const { approval: voted, decided } = votedOn(approval, principal, vote, now);
  const next: StoredApproval = { ...voted, taskToken: approval.taskToken, version: approval.version + 1 };
  try {
    await deps.approvals.transition(next);
  } catch (error: unknown) {
    if (error instanceof ConflictError)
      throw new ConflictError(`Approval ${approval.id} changed while you voted: read it again`, { cause: error });
    throw error;
  }
  if (decided === undefined) {
    await sendFacts(deps, next, correlationId);
    return approvalView(next);
  }
  return tellWorkflow(deps, next, correlationId, now);
}

/** A refused vote (a requester approving their own request) names who, so the refusal is audited. */
function votedOn(
  approval: Approval,
  principal: Principal,
  vote: { vote: 'approve' | 'reject'; note?: string; via?: VoteChannel },
  now: Date,
) {
  try {
    return castVote(approval, { voter: principal.subject, ...vote }, now);
  } catch (error: unknown) {
    if (error instanceof ForbiddenError && error.who === undefined) {
      throw new ForbiddenError(error.message, { subject: principal.subject, tenant: principal.tenant }, { cause: error });
    }
    throw error;
  }
}

function isOwnDecision(approval: StoredApproval, voter: string, vote: 'approve' | 'reject'): boolean {
  const last = approval.votes.at(-1);
  const decided = approval.status === 'approved' || approval.status === 'rejected';
  return decided && last?.by === voter && last.vote === vote && approval.outcome === undefined;
}

/**
 * Resumes (approved) or fails (rejected) the waiting task. Step Functions answers TaskTimedOut both
 * for a task that timed out and for one already closed (an earlier attempt of this call got
 * through): before the deadline it can only be the latter.
 */
async function tellWorkflow(deps: RemediationDeps, decided: StoredApproval, correlationId: string, now: Date): Promise<Approval> {
  let answer: 'resumed' | 'gone';
  try {
    answer =
      decided.status === 'approved'
        ? await deps.workflow.approve(decided.taskToken, { approvedBy: decided.votes.filter((v) => v.vote === 'approve').map((v) => v.by) })
        : await deps.workflow.refuse(decided.taskToken, 'ApprovalRejected', rejectionCause(decided));
  } catch (error: unknown) {
    throw new ServiceUnavailableError(
      `Your vote on ${decided.id} is recorded, but the workflow could not be told: send the same vote again`,
      5,
      { cause: error },
    );
  }
  if (answer === 'gone' && now.toISOString() >= decided.deadline) {
    // The workflow timed the task out first: the decision cannot stand, the approval expired.
    const expired: StoredApproval = {
      ...decided,
      status: 'expired',
      reason: 'the workflow timed out before the decision',
      version: decided.version + 1,
    };
    try {
      await deps.approvals.transition(expired);
      await announceApproval(deps, expired, correlationId, 'expired', now.toISOString());
    } catch (error: unknown) {
      if (!(error instanceof ConflictError)) throw error;
    }
    throw new ConflictError(`Approval ${decided.id} had already expired in the workflow`);
  }
  await announceApproval(deps, decided, correlationId, 'decided', decided.decidedAt ?? now.toISOString());
  return approvalView(decided);
}

function rejectionCause(approval: StoredApproval): string {
  const rejection = approval.votes.find((v) => v.vote === 'reject');
  return `${rejection?.by ?? 'an approver'}: ${rejection?.note ?? 'rejected'}`;
}

/** A vote that decided nothing yet; the outcome recorder sends it again (same id), so a failure here loses nothing. */
async function sendFacts(deps: RemediationDeps, approval: StoredApproval, correlationId: string): Promise<void> {
  await deps.audit.send(approvalFacts(requestOfApproval(approval, correlationId), approval)).catch((error: unknown) => {
    deps.log.warn('vote recorded; its audit event follows with the outcome', { tenant: approval.tenant, approvalId: approval.id, error });
  });
}

/** POST …/approve: the body is optional, its comment too. */
export const approveBody = z.strictObject({ comment: z.string().trim().min(1).max(1000).optional() }).optional();
/** POST …/reject: a reason is required. */
export const rejectBody = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(1000) });

export type Vote = { vote: 'approve' | 'reject'; note?: string };

export function approveVote(body: z.output<typeof approveBody>): Vote {
  return body?.comment === undefined ? { vote: 'approve' } : { vote: 'approve', note: body.comment };
}

export function rejectVote(body: z.output<typeof rejectBody>): Vote {
  return { vote: 'reject', note: body.reason };
}
