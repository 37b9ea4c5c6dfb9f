/**
 * The actions triage may propose, each with a params schema, a default risk and a description
 * the LLM sees. The model may only pick from here, with params that pass the schema; risk comes
 * from here (or the tenant's policy), never from the model.
 */
import * as z from 'zod';
import type { Risk } from './risk.ts';

const k8sName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name');
const workloadKind = z.enum(['deployment', 'statefulset', 'daemonset']);

export const ACTIONS = {
  notify: {
    risk: 'low',
    description: 'Notify the owning team; change nothing.',
    params: z.object({ message: z.string().max(2000).optional() }).strict(),
  },
  silence_alert: {
    risk: 'low',
    description: 'Silence this alert in Alertmanager for a while (minutes), e.g. during known maintenance.',
    params: z.object({ minutes: z.number().int().min(5).max(1440).default(60), comment: z.string().max(500).optional() }).strict(),
  },
  restart_workload: {
    risk: 'medium',
    description: 'Rolling restart of a Kubernetes workload (e.g. a crash-looping or leaking deployment).',
    params: z.object({ namespace: k8sName, kind: workloadKind.default('deployment'), name: k8sName }).strict(),
  },
  scale_workload: {
    risk: 'medium',
    description: 'Scale a Kubernetes workload to a number of replicas.',
    params: z
      .object({ namespace: k8sName, kind: workloadKind.default('deployment'), name: k8sName, replicas: z.number().int().min(0).max(500) })
      .strict(),
  },
  rollback_deployment: {
    risk: 'high',
    description: 'Roll a Kubernetes deployment back to its previous (or a given) revision.',
    params: z.object({ namespace: k8sName, name: k8sName, toRevision: z.number().int().positive().optional() }).strict(),
  },
  drain_node: {
    risk: 'critical',
    description: 'Cordon and drain a Kubernetes node, evicting its pods.',
    params: z.object({ node: z.string().min(1).max(253) }).strict(),
  },
  run_ssm_automation: {
    risk: 'high',
    description: 'Start an AWS Systems Manager Automation runbook with parameters (risk set by the tenant).',
    params: z
      .object({
        documentName: z.string().min(3).max(128),
        parameters: z.record(z.string().max(128), z.array(z.string().max(1024)).max(20)).default({}),
      })
      .strict(),
  },
  invoke_webhook: {
    risk: 'high',
    description: "POST to one of the tenant's configured remediation webhooks (risk set by the tenant).",
    params: z
      .object({
        target: z.string().min(1).max(100),
        // Kept small: the payload travels in the workflow's state (256 KB in all) and its recorded request.
        payload: z
          .record(z.string(), z.unknown())
          .refine((payload) => JSON.stringify(payload).length <= 16_384, 'must be at most 16 KiB as JSON')
          .optional(),
      })
      .strict(),
  },
} as const satisfies Record<string, { risk: Risk; description: string; params: z.ZodType }>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

/** Actions whose risk the tenant sets (the registry's value is only the default). */
export const TENANT_RISKED: readonly ActionName[] = ['run_ssm_automation', 'invoke_webhook'];

export function isActionName(value: string): value is ActionName {
  return Object.hasOwn(ACTIONS, value);
}

export type ParamsCheck = { ok: true; params: Record<string, unknown> } | { ok: false; reason: string };

/** Validates params against the action's schema, applying its defaults. */
export function checkParams(action: ActionName, params: unknown): ParamsCheck {
  const result = ACTIONS[action].params.safeParse(params ?? {});
  if (result.success) return { ok: true, params: result.data };
  return { ok: false, reason: result.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ') };
}
