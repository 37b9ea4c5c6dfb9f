/**
 * A resolved alert cancels what waits on it: each pending approval of the alert is cancelled and
 * its execution failed with `AlertResolved`, once every alert it acts for (its own and those that
 * joined it) has resolved. Run for every resolution message (idempotent).
 */
import { alertsOf } from '../../domain/approvals/approval.ts';
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
    found.push(...page.items.filter((approval) => alertsOf(approval).includes(alertId)));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return found;
}

/** Whether an alert the approval acts for (other than the one that just resolved) still fires. */
async function stillFiring(deps: RemediationDeps, approval: StoredApproval, resolvedId: string): Promise<boolean> {
  const others = alertsOf(approval).filter((id) => id !== resolvedId);
  if (others.length === 0) return false;
  const alerts = await deps.alerts.getMany(approval.tenant, others);
  return [...alerts.values()].some((alert) => alert.status !== 'resolved');
}

export async function cancelApprovalsOf(deps: RemediationDeps, tenant: string, alertId: string, correlationId: string): Promise<number> {
  const pending = await pendingOf(deps, tenant, alertId);
  const closed = await Promise.all(
    pending.map(async (approval) => {
      if (await stillFiring(deps, approval, alertId)) return undefined;
      const reason = alertsOf(approval).length > 1 ? 'every alert it acts for resolved' : 'the alert resolved';
      return cancelApproval(deps, approval, correlationId, reason);
    }),
  );
  return closed.filter((approval) => approval !== undefined).length;
}
