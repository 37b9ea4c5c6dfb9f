/** How an approval is stored: the record, its outcome as JSON text, and the listing index key. */
import * as z from 'zod';
import { actionNameSchema } from '../../domain/actions/registry.ts';
import { RISKS } from '../../domain/actions/risk.ts';
import { APPROVAL_STATUSES } from '../../domain/approvals/approval.ts';
import type { StoredApproval } from '../../domain/approvals/approval-store.ts';
import { executionOutcomeSchema } from '../../domain/remediation/execution-outcome.ts';
import { decodeItem, jsonText } from './item-codec.ts';

const required = z.string().min(1);

const approvalItemSchema = z.object({
  tenant: required,
  id: required,
  alertId: required,
  revision: z.number().int().min(1),
  execution: required,
  action: z.object({ name: actionNameSchema, params: z.record(z.string(), z.unknown()) }),
  risk: z.enum(RISKS),
  requiredApprovals: z.union([z.literal(1), z.literal(2)]),
  votes: z.array(
    z.object({
      by: required,
      vote: z.enum(['approve', 'reject']),
      at: required,
      note: z.string().optional(),
      via: z.object({ kind: z.literal('slack'), teamId: required, userId: required }).optional(),
    }),
  ),
  status: z.enum(APPROVAL_STATUSES),
  deadline: required,
  createdAt: required,
  // Approvals stored before the source was recorded: triage's were requested by `system`.
  source: z.enum(['triage', 'manual']).optional(),
  requestedBy: required,
  decidedAt: z.string().optional(),
  reason: z.string().optional(),
  outcome: jsonText(executionOutcomeSchema).optional(),
  incidentId: z.string().optional(),
  alertName: z.string().optional(),
  covers: z
    .array(z.object({ alertId: required, revision: z.number().int().min(1), incidentId: z.string().optional(), at: required }))
    .optional(),
  coveredCount: z.number().int().min(0).optional(),
  targetKey: z.string().optional(),
  version: z.number().int().min(0),
  taskToken: required,
});

export function approvalFromItem(item: Record<string, unknown>): StoredApproval {
  const decoded = decodeItem(approvalItemSchema, item, 'approval');
  return { ...decoded, source: decoded.source ?? (decoded.requestedBy === 'system' ? 'triage' : 'manual') };
}

/** The index keys: tenant + status for listing, status + deadline for the expiry job. */
export function approvalToItem(approval: StoredApproval): Record<string, unknown> {
  return {
    ...approval,
    outcome: approval.outcome === undefined ? undefined : JSON.stringify(approval.outcome),
    tenantStatus: `${approval.tenant}#${approval.status}`,
  };
}
