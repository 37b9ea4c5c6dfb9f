/**
 * The expiry job (every minute): pending approvals past their deadline, of every tenant, found on
 * the status+deadline index (never TTL, which can lag for days), are expired and their executions
 * failed with `ApprovalExpired`. The state machine's own task timeout may fire first; the
 * conditional transition makes whichever comes second a no-op.
 */
import { closeApproval } from './close-approval.ts';
import { nowOf, type RemediationDeps } from './deps.ts';

const BATCH = 100;

export async function expireApprovals(deps: RemediationDeps, correlationId: string): Promise<number> {
  let expired = 0;
  for (;;) {
    const overdue = await deps.approvals.overdue(nowOf(deps).toISOString(), BATCH);
    const closed = await Promise.all(
      overdue.map((approval) =>
        closeApproval(deps, approval, { status: 'expired', reason: 'no decision before the deadline', correlationId, tellWorkflow: true }),
      ),
    );
    const count = closed.filter((approval) => approval !== undefined).length;
    expired += count;
    // A full batch of which none closed is the index lagging behind decisions: the next run sees it settled.
    if (overdue.length < BATCH || count === 0) return expired;
  }
}
