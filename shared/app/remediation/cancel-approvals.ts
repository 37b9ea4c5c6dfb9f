/**
 * A resolved alert cancels what waits on it: each pending approval of the alert is cancelled and
 * its execution failed with `AlertResolved`. Run for every resolution message (idempotent).
 */
import type { StoredApproval } from '../../domain/approvals/approval-store.ts';
import { closeApproval } from './close-approval.ts';
import type { RemediationDeps } from './deps.ts';

export function cancelApproval(deps: RemediationDeps, approval: StoredApproval, correlationId: string, reason: string) {
  return closeApproval(deps, approval, { status: 'cancelled', reason, correlationId, tellWorkflow: true });
}

/** Pending approvals of one alert: a tenant has few pending at a time, so its pending list is paged through. */
async function pendingOf(deps: RemediationDeps, tenant: string, alertId: string): Promise<StoredApproval[]> {
  const found: StoredApproval[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.approvals.list(tenant, 'pending', 100, cursor);
    found.push(...page.items.filter((approval) => approval.alertId === alertId));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return found;
}

export async function cancelApprovalsOf(deps: RemediationDeps, tenant: string, alertId: string, correlationId: string): Promise<number> {
  const pending = await pendingOf(deps, tenant, alertId);
  const closed = await Promise.all(pending.map((approval) => cancelApproval(deps, approval, correlationId, 'the alert resolved')));
  return closed.filter((approval) => approval !== undefined).length;
}
