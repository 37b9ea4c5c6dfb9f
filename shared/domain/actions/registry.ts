/**
 * The actions triage may propose, one module each. The model may only pick from here, with
 * params that pass the schema; risk comes from here (or the tenant's policy), never from the
 * model.
 */
import * as z from 'zod';
import type { ActionDefinition } from './action.ts';
import { drainNode } from './drain-node.ts';
import { invokeWebhook } from './invoke-webhook.ts';
import { notify } from './notify.ts';
import { restartWorkload } from './restart-workload.ts';
import { rollbackDeployment } from './rollback-deployment.ts';
import { runSsmAutomation } from './run-ssm-automation.ts';
import { scaleWorkload } from './scale-workload.ts';
import { silenceAlert } from './silence-alert.ts';

/** By name. The order is the order playbooks are tried in. */
export const ACTIONS = {
  restart_workload: restartWorkload,
  rollback_deployment: rollbackDeployment,
  scale_workload: scaleWorkload,
  drain_node: drainNode,
  notify,
  silence_alert: silenceAlert,
  run_ssm_automation: runSsmAutomation,
  invoke_webhook: invokeWebhook,
} as const satisfies Record<string, ActionDefinition>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];
export const actionNameSchema = z.enum(ACTION_NAMES as [ActionName, ...ActionName[]]);

/** Actions whose risk the tenant sets (the registry's value is only the default). */
export const TENANT_RISKED: readonly ActionName[] = ACTION_NAMES.filter(
  (name) => (ACTIONS[name] as ActionDefinition).tenantRisked === true,
);

export function isActionName(value: string): value is ActionName {
  return Object.hasOwn(ACTIONS, value);
}

/** An action's definition, for code that handles every action alike. */
export function actionOf(name: ActionName): ActionDefinition {
  return ACTIONS[name];
}

export type ParamsCheck = { ok: true; params: Record<string, unknown> } | { ok: false; reason: string };

/** Validates params against the action's schema, applying its defaults. */
export function checkParams(action: ActionName, params: unknown): ParamsCheck {
  const result = actionOf(action).params.safeParse(params ?? {});
  if (result.success) return { ok: true, params: result.data as Record<string, unknown> };
  return { ok: false, reason: result.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ') };
}
