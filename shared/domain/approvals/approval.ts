/**
 * An approval request and its voting rules: an approver votes once, `approval-2` needs two
 * distinct approvers, a requester cannot approve their own request, a rejection ends it at once,
 * and nothing can be voted on once decided, expired or cancelled. Pure: the store makes each vote
 * a conditional transition on `version`.
 */
import type { ActionName } from '../actions/registry.ts';
import type { Risk } from '../actions/risk.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import type { ExecutionOutcome } from '../remediation/execution-outcome.ts';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export interface Vote {
  readonly by: string;
  readonly vote: 'approve' | 'reject';
  readonly at: string;
  /** An approver's comment, or a rejecter's reason. */
  readonly note?: string;
  /** Where it was cast when not in the API or the console: the Slack workspace and user who clicked. */
  readonly via?: VoteChannel;
}

export interface VoteChannel {
  readonly kind: 'slack';
  readonly teamId: string;
  readonly userId: string;
}

/** A later alert whose proposal was the same action on the same target: it joined this approval. */
export interface CoveredAlert {
  readonly alertId: string;
  readonly revision: number;
  readonly incidentId?: string;
  readonly at: string;
}

/** An approval lists at most this many joined alerts; more still join, counted. */
export const MAX_COVERED_ALERTS = 200;

/** Every alert an approval acts for: its own, then those that joined. */
export function alertsOf(approval: Pick<Approval, 'alertId' | 'covers'>): string[] {
  return [approval.alertId, ...(approval.covers ?? []).map((covered) => covered.alertId)];
}

export interface Approval {
  readonly tenant: string;
  readonly id: string;
  readonly alertId: string;
  /** The alert's name (absent on approvals opened before it was kept). */
  readonly alertName?: string;
  readonly revision: number;
  /** The workflow execution waiting on this approval. */
  readonly execution: string;
  readonly action: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> };
  readonly risk: Risk;
  readonly requiredApprovals: 1 | 2;
  readonly votes: readonly Vote[];
  readonly status: ApprovalStatus;
  readonly deadline: string;
  readonly createdAt: string;
  /** Triage's proposal or a person's request. */
  readonly source: 'triage' | 'manual';
  /**
   * Who asked: the person for a manual request; for triage's proposal, whoever sent the alert
   * that led to it (their alert made the proposal, so they cannot approve it either).
   */
  readonly requestedBy: string;
  readonly decidedAt?: string;
  /** Why it was cancelled or expired. */
  readonly reason?: string;
  /** What the action did once approved. */
  readonly outcome?: ExecutionOutcome;
  /** The incident of the alert it was opened for. */
  readonly incidentId?: string;
  /** Later alerts that proposed the same action on the same target, and joined instead of opening another. */
  readonly covers?: readonly CoveredAlert[];
  /** How many alerts joined in all (the list stops at MAX_COVERED_ALERTS). */
  readonly coveredCount?: number;
  /** What it acts on (remediation-target.ts). */
  readonly targetKey?: string;
  readonly version: number;
}

export interface VoteRequest {
  readonly voter: string;
  readonly vote: 'approve' | 'reject';
  readonly note?: string;
  readonly via?: VoteChannel;
}

export interface VoteResult {
  readonly approval: Approval;
  /** Set when this vote decided the request: the workflow must be told. */
  readonly decided?: 'approved' | 'rejected';
}

export function castVote(approval: Approval, request: VoteRequest, now: Date): VoteResult {
  if (approval.status !== 'pending') throw new ConflictError(`Approval ${approval.id} is already ${approval.status}`);
  if (now.toISOString() >= approval.deadline) throw new ConflictError(`Approval ${approval.id} expired at ${approval.deadline}`);
  if (approval.votes.some((vote) => vote.by === request.voter))
    throw new ConflictError(`${request.voter} has already voted on approval ${approval.id}`);
  if (request.vote === 'approve' && request.voter === approval.requestedBy) {
    throw new ForbiddenError(
      approval.source === 'triage'
        ? 'The sender of the alert that led to this proposal cannot approve it'
        : 'The requester of an action cannot approve it',
    );
  }
  const at = now.toISOString();
  const votes = [
    ...approval.votes,
    {
      by: request.voter,
      vote: request.vote,
      at,
      ...(request.note === undefined ? {} : { note: request.note }),
      ...(request.via === undefined ? {} : { via: request.via }),
    },
  ];
  if (request.vote === 'reject') return { approval: { ...approval, votes, status: 'rejected', decidedAt: at }, decided: 'rejected' };
  const approvals = new Set(votes.filter((vote) => vote.vote === 'approve').map((vote) => vote.by)).size;
  if (approvals >= approval.requiredApprovals)
    return { approval: { ...approval, votes, status: 'approved', decidedAt: at }, decided: 'approved' };
  return { approval: { ...approval, votes } };
}

/** The required approvals of a mode. */
export function approvalsFor(mode: 'approval' | 'approval-2'): 1 | 2 {
  return mode === 'approval-2' ? 2 : 1;
}
