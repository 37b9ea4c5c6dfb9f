/** Reading approvals, always within the caller's tenant: another tenant's id is simply not found. */
import * as z from 'zod';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { APPROVAL_STATUSES, type Approval } from '../../domain/approvals/approval.ts';
import type { ApprovalStore } from '../../domain/approvals/approval-store.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { approvalView } from './decide-approval.ts';

export const listApprovalsQuery = z.object({
  status: z.enum(APPROVAL_STATUSES).default('pending'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

/**
 * Newest first. A pending approval past its deadline is never listed as pending: until the expiry
 * job (every minute) closes it, it is left out of the pending list and shown as expired.
 */
export type ListApprovalsQuery = z.output<typeof listApprovalsQuery>;

export async function listApprovals(
  store: ApprovalStore,
  tenant: string,
  query: ListApprovalsQuery = listApprovalsQuery.parse({}),
  now = new Date(),
): Promise<Page<Approval>> {
  const { status, limit, cursor } = query;
  const page = await store.list(tenant, status, limit, cursor);
  const items = page.items.map(approvalView).filter((approval) => status !== 'pending' || !isOverdue(approval, now));
  return { items, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
}

export async function getApproval(store: ApprovalStore, tenant: string, id: string | undefined, now = new Date()): Promise<Approval> {
  const stored = id === undefined || id.length > 128 ? undefined : await store.get(tenant, id);
  if (stored === undefined) throw new NotFoundError(`No approval ${JSON.stringify(id ?? '')}`);
  const approval = approvalView(stored);
  return isOverdue(approval, now) ? { ...approval, status: 'expired', reason: 'no decision before the deadline' } : approval;
}

function isOverdue(approval: Approval, now: Date): boolean {
  return approval.status === 'pending' && approval.deadline <= now.toISOString();
}
