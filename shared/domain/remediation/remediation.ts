/**
 * A remediation: one proposed action carried out by one workflow execution, from triage (for
 * `auto` and approval modes) or from a responder's request. The request is the execution's
 * input; it is built once, deterministically, so starting it again is a no-op. A summary of each
 * remediation lives on its alert, keyed by execution name, and shows how it went.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { type ActionName, actionNameSchema } from '../actions/registry.ts';
import { RISKS, type Risk } from '../actions/risk.ts';
import { type ExecutionOutcome, executionOutcomeSchema } from './execution-outcome.ts';

/** The modes that start a workflow; `notify-only` and `forbidden` never do. */
export type WorkflowMode = 'auto' | 'approval' | 'approval-2';

export function isWorkflowMode(mode: string): mode is WorkflowMode {
  return mode === 'auto' || mode === 'approval' || mode === 'approval-2';
}

export interface RemediationRequest {
  readonly tenant: string;
  readonly alertId: string;
  /** The alert's name, so outcomes can be learned per alert name and action (absent on older executions). */
  readonly alertName?: string;
  /** The alert's revision the action is for: a newer revision or a resolution cancels it. */
  readonly revision: number;
  /** The execution's name, unique per tenant and alert: `<alertId>-<revision>` for triage. */
  readonly execution: string;
  readonly action: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> };
  readonly risk: Risk;
  readonly mode: WorkflowMode;
  readonly modeReason: string;
  /** `triage` for the triage decision's proposal, `manual` for POST /v1/alerts/{id}/actions. */
  readonly source: 'triage' | 'manual';
  /** Who asked: a user's subject, or for triage the sender of the alert (`system` when unknown). */
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** The approval's id (approval modes only). */
  readonly approvalId?: string;
  /** When the approval expires, and in how many seconds from the request (the gate's task timeout, set in auto mode too). */
  readonly deadline?: string;
  readonly deadlineSeconds?: number;
  readonly correlationId: string;
  /** What it acts on (remediation-target.ts): it holds the target until it ends. */
  readonly targetKey?: string;
  /** The incident of its alert, when triage grouped it. */
  readonly incidentId?: string;
  /** The target configuration it was requested for: ExecuteAction refuses when it changed. */
  readonly targetDigest?: string;
}

export const REMEDIATION_STATUSES = [
  'awaiting-approval',
  'running',
  'executed',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  /** The same action on the same target was already pending or running: this alert joined it. */
  'joined',
  /** A cool-down or the target's breaker stopped it (the reason says which). */
  'suppressed',
] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** How a remediation went, as shown on its alert. */
export interface RemediationSummary {
  readonly execution: string;
  readonly action: RemediationRequest['action'];
  readonly risk: Risk;
  readonly mode: WorkflowMode;
  readonly source: RemediationRequest['source'];
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly approvalId?: string;
  readonly status: RemediationStatus;
  /** Why it ended as it did, when not executed. */
  readonly reason?: string;
  readonly outcome?: ExecutionOutcome;
  readonly updatedAt: string;
}

/** The schema of a RemediationSummary: how it is stored on the alert and shown by the API. */
export const remediationSummarySchema = z.object({
  execution: z.string().min(1),
  action: z.object({ name: actionNameSchema, params: z.record(z.string(), z.unknown()) }),
  risk: z.enum(RISKS),
  mode: z.enum(['auto', 'approval', 'approval-2']),
  source: z.enum(['triage', 'manual']),
  requestedBy: z.string().min(1),
  requestedAt: z.string().min(1),
  approvalId: z.string().optional(),
  status: z.enum(REMEDIATION_STATUSES),
  reason: z.string().optional(),
  outcome: executionOutcomeSchema.optional(),
  updatedAt: z.string().min(1),
}) satisfies z.ZodType<RemediationSummary>;

/** Step Functions execution names: 1-80 of letters, digits, `-` and `_`. */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * The execution for one revision of a tenant's alert: the triage proposal's (no suffix), the same
 * every time, or a manual request's (a random suffix). Names are unique per state machine across
 * tenants, so the tenant is hashed in; the length stays under Step Functions' 80.
 *
 * @example executionNameFor('acme', '3f2a…', 2) // '9c41…-2'
 */
export function executionNameFor(tenant: string, alertId: string, revision: number, suffix?: string): string {
  const key = createHash('sha256').update(tenant).update('\0').update(alertId).digest('hex').slice(0, 32);
  const name = suffix === undefined ? `${key}-${revision}` : `${key}-${revision}-${suffix}`;
  if (!EXECUTION_NAME.test(name)) throw new Error(`Not a valid execution name: ${name}`);
  return name;
}

/** An approval's id is its execution's: one approval per execution. */
export function approvalIdFor(execution: string): string {
  return `ap-${execution}`;
}

export function summaryOf(request: RemediationRequest, status: RemediationStatus, at: string): RemediationSummary {
  return {
    execution: request.execution,
    action: request.action,
    risk: request.risk,
    mode: request.mode,
    source: request.source,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    ...(request.approvalId === undefined ? {} : { approvalId: request.approvalId }),
    status,
    updatedAt: at,
  };
}
