/**
 * A vote on an approval: a conditional transition first (so of ten approvers clicking at once,
 * one wins and nine get 409), then, if the vote decided it, the workflow is resumed or failed.
 * If Step Functions says the task is over (it timed out), the record is brought in line
 * (expired) and the caller gets 409, never a 5xx.
 */
import { type Approval, castVote } from '../domain/approval.ts';
import type { ApprovalStore, StoredApproval } from '../domain/approval-store.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { Principal } from '../domain/roles.ts';
import type { Workflow } from '../domain/workflow.ts';

export interface DecideDeps {
  readonly approvals: ApprovalStore;
  readonly workflow: Workflow;
  readonly now?: () => Date;
}

/** An approval as the API shows it: everything but the workflow's token. */
export function approvalView({ taskToken: _token, ...approval }: StoredApproval): Approval {
  return approval;
}

async function bringInLine(approvals: ApprovalStore, approval: StoredApproval, now: Date): Promise<void> {
  try {
    await approvals.transition({ ...approval, status: 'expired', decidedAt: now.toISOString(), version: approval.version + 1 });
  } catch (error: unknown) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

export async function decideApproval(
  deps: DecideDeps,
  principal: Principal,
  id: string | undefined,
  vote: { vote: 'approve' | 'reject'; note?: string },
): Promise<Approval> {
  const now = (deps.now ?? (() => new Date()))();
  const approval = id === undefined ? undefined : await deps.approvals.get(principal.tenant, id);
  if (approval === undefined) throw new NotFoundError(`No approval ${JSON.stringify(id ?? '')}`);
  if (approval.status === 'pending' && now.toISOString() >= approval.deadline) {
    await bringInLine(deps.approvals, approval, now);
    throw new ConflictError(`Approval ${approval.id} expired at ${approval.deadline}`);
  }
  const { approval: voted, decided } = castVote(approval, { voter: principal.subject, ...vote }, now);
  const next: StoredApproval = { ...voted, taskToken: approval.taskToken, version: approval.version + 1 };
  try {
    await deps.approvals.transition(next);
  } catch (error: unknown) {
    if (error instanceof ConflictError)
      throw new ConflictError(`Approval ${approval.id} changed while you voted: read it again`, { cause: error });
    throw error;
  }
  if (decided === undefined) return approvalView(next);
  const answer =
    decided === 'approved'
      ? await deps.workflow.approve(approval.taskToken, { approvedBy: next.votes.filter((v) => v.vote === 'approve').map((v) => v.by) })
      : await deps.workflow.refuse(approval.taskToken, 'ApprovalRejected', `${principal.subject}: ${vote.note ?? 'rejected'}`);
  if (answer === 'gone') {
    await bringInLine(deps.approvals, next, now);
    throw new ConflictError(`Approval ${approval.id} had already expired in the workflow`);
  }
  return approvalView(next);
}
