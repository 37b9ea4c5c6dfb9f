/**
 * Ends a pending approval without a decisive vote: `expired` (its deadline passed) or `cancelled`
 * (its alert resolved). A conditional transition, re-read and retried on a conflicting write;
 * whoever makes the transition also tells the workflow (unless the workflow is the one that
 * noticed), records it and notifies. If the approval was decided meanwhile, nothing happens.
 */

import type { StoredApproval } from '../../domain/approvals/approval-store.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { nowOf, type RemediationDeps } from './deps.ts';
import { approvalFacts, notificationOf, requestOfApproval } from './remediation-events.ts';

const MAX_ATTEMPTS = 5;

export interface Closing {
  readonly status: 'expired' | 'cancelled';
  readonly reason: string;
  readonly correlationId: string;
  /** False when the workflow itself timed the task out: there is no task left to fail. */
  readonly tellWorkflow: boolean;
}

/** Returns the closed approval, or undefined when it was no longer pending. */
export async function closeApproval(deps: RemediationDeps, first: StoredApproval, closing: Closing): Promise<StoredApproval | undefined> {
  const closed = await retryOnConflict(
    async (attempt) => {
      const approval = attempt === 1 ? first : await deps.approvals.get(first.tenant, first.id);
      if (approval?.status !== 'pending') return undefined;
      const at = nowOf(deps).toISOString();
      const next: StoredApproval = {
        ...approval,
        status: closing.status,
        decidedAt: at,
        reason: closing.reason,
        version: approval.version + 1,
      };
      await deps.approvals.transition(next);
      return { next, at };
    },
    { attempts: MAX_ATTEMPTS },
  );
  if (closed === undefined) return undefined;
  const { next, at } = closed;
  if (closing.tellWorkflow) {
    await deps.workflow.refuse(next.taskToken, closing.status === 'expired' ? 'ApprovalExpired' : 'AlertResolved', closing.reason);
  }
  await announceApproval(deps, next, closing.correlationId, closing.status === 'expired' ? 'expired' : 'decided', at);
  return next;
}

/** Records an approval's facts (votes, decision) and tells the tenant's targets. */
export async function announceApproval(
  deps: RemediationDeps,
  approval: StoredApproval,
  correlationId: string,
  type: 'decided' | 'expired',
  at: string,
): Promise<void> {
  const request = requestOfApproval(approval, correlationId);
  // The outcome recorder sends these facts again (same ids) with retries: a failure here loses nothing.
  await deps.audit.send(approvalFacts(request, approval)).catch((error: unknown) => {
    deps.log.warn('approval facts not sent yet; they follow with the outcome', { tenant: approval.tenant, approvalId: approval.id, error });
  });
  const [alert, config] = await Promise.all([deps.alerts.get(approval.tenant, approval.alertId), deps.configOf(approval.tenant)]);
  await deps.notify(
    config.notifications.targets,
    notificationOf(type, request, alert, { approval, publicBaseUrl: deps.publicBaseUrl, at }),
    correlationId,
  );
}
