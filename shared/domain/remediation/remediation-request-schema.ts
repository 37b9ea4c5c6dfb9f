/**
 * What the state machine hands its Lambda tasks (resources/statemachines/remediation.asl.json):
 * the request it was started with, plus what each state added (`approval` from the decisive
 * vote, `executed` from ExecuteAction, `failure` from a Catch). Parsed at the boundary: a task
 * never trusts its event's shape.
 */
import * as z from 'zod';
import { actionNameSchema } from '../actions/registry.ts';
import { RISKS } from '../actions/risk.ts';
import { executionOutcomeSchema } from './execution-outcome.ts';

export const remediationRequestSchema = z.object({
  tenant: z.string().min(1),
  alertId: z.string().min(1),
  alertName: z.string().optional(),
  revision: z.number().int().min(1),
  execution: z.string().min(1).max(80),
  action: z.object({ name: actionNameSchema, params: z.record(z.string(), z.unknown()) }),
  risk: z.enum(RISKS),
  mode: z.enum(['auto', 'approval', 'approval-2']),
  modeReason: z.string(),
  source: z.enum(['triage', 'manual']),
  requestedBy: z.string().min(1),
  requestedAt: z.string(),
  approvalId: z.string().optional(),
  deadline: z.string().optional(),
  deadlineSeconds: z.number().int().positive().optional(),
  correlationId: z.string(),
  targetKey: z.string().min(1).max(512).optional(),
  incidentId: z.string().optional(),
  /** The target configuration the action was requested (and approved) for (target-digest.ts). */
  targetDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export const workflowStateSchema = remediationRequestSchema.extend({
  approval: z.object({ approvedBy: z.array(z.string()) }).optional(),
  executed: z.object({ outcome: z.union([z.object({ outcome: executionOutcomeSchema }), z.object({ skipped: z.string() })]) }).optional(),
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
});

export type WorkflowState = z.output<typeof workflowStateSchema>;

export const requestApprovalEventSchema = z.object({ taskToken: z.string().min(1), request: remediationRequestSchema });

export const recordOutcomeEventSchema = z.object({
  result: z.enum(['executed', 'expired', 'not-approved', 'failed']),
  request: workflowStateSchema,
});
export type RecordOutcomeEvent = z.output<typeof recordOutcomeEventSchema>;
