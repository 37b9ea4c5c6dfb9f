/**
 * A responder asks for an action on an alert (POST /v1/alerts/{id}/actions): the same registry
 * checks, the same policy and the same workflow as triage's proposals; the requester is recorded
 * (and so cannot approve their own request).
 *   auto, approval, approval-2 → a workflow execution starts (202)
 *   notify-only                → the tenant's targets are told, nothing runs (202)
 *   forbidden                  → 403, with the policy rule that forbids it
 * Send an Idempotency-Key to retry safely.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';
import { modeFor, withinPolicy } from '../../domain/actions/policy.ts';
import { type ActionName, actionNameSchema, checkParams } from '../../domain/actions/registry.ts';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { executionNameFor, isWorkflowMode } from '../../domain/remediation/remediation.ts';
import type { Principal } from '../../domain/roles.ts';
import { environmentOf } from '../../domain/tenants/tenant-config.ts';
import type { Mode } from '../../domain/triage/decision.ts';
import { validate } from '../../domain/validation.ts';
import { nowOf, type RemediationDeps } from './deps.ts';
import { notificationOf } from './remediation-events.ts';
import { claimTargetFor, releaseTarget } from './remediation-targets.ts';
import { remediationRequest, startRemediation } from './start-remediation.ts';

export const actionRequestBody = z
  .strictObject({
    action: actionNameSchema,
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((body, ctx) => {
    const check = checkParams(body.action, body.params);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: ['params'], message: check.reason });
  });

/**
 * A manual request's execution suffix: random, or from the client's Idempotency-Key, so that a
 * retried request (its first answer lost, or a 503) finds the execution it already started
 * instead of running the action twice.
 */
function manualSuffix(subject: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `m${randomBytes(6).toString('hex')}`;
  if (idempotencyKey.length === 0 || idempotencyKey.length > 200) throw new BadRequestError('Idempotency-Key must be 1-200 characters');
  return `k${createHash('sha256').update(subject).update('\0').update(idempotencyKey).digest('hex').slice(0, 12)}`;
}

export interface ActionRequested {
  readonly alertId: string;
  readonly action: ActionName;
  readonly mode: Mode;
  readonly modeReason: string;
  readonly risk: string;
  readonly execution?: string;
  readonly approvalId?: string;
  readonly deadline?: string;
}

export async function requestAction(
  deps: RemediationDeps,
  principal: Principal,
  alertId: string | undefined,
  body: unknown,
  correlationId: string,
  idempotencyKey?: string,
): Promise<ActionRequested> {
  const alert = alertId === undefined || alertId.length > 128 ? undefined : await deps.alerts.get(principal.tenant, alertId);
  if (alert === undefined) throw new NotFoundError(`No alert ${JSON.stringify(alertId ?? '')}`);
  // Validated here, not only at the route: the params rule is the action's, whoever asks.
  const { action, params } = validate(actionRequestBody, body, 'action request');
  if (alert.status === 'resolved') throw new ConflictError(`Alert ${alert.id} is resolved: there is nothing to remediate`);
  const config = await deps.configOf(principal.tenant);
  const limited = withinPolicy(action, params, config.policies);
  if (limited.capped !== undefined)
    throw new ValidationError(`The action request is not valid: ${limited.capped}`, [{ field: 'params.minutes', message: limited.capped }]);
  const { risk, mode, reason } = modeFor(action, alert.labels, config.policies, environmentOf(alert.labels, config.environments));
  if (mode === 'forbidden') {
    // Naming who was refused records it in the audit log (auth.denied), like any refusal.
    throw new ForbiddenError(`The tenant's policy forbids ${action} on this alert (${reason})`, {
      subject: principal.subject,
      tenant: principal.tenant,
    });
  }
  const request = remediationRequest(
    {
      alert,
      action: { name: action, params, risk, modeReason: reason, mode: isWorkflowMode(mode) ? mode : 'auto' },
      execution: executionNameFor(alert.tenant, alert.id, alert.revision, manualSuffix(principal.subject, idempotencyKey)),
      source: 'manual',
      requestedBy: principal.subject,
      requestedAt: nowOf(deps),
      correlationId,
    },
    config,
  );
  const answer = { alertId: alert.id, action, mode, modeReason: reason, risk };
  if (!isWorkflowMode(mode)) {
    await deps.notify(
      config.notifications.targets,
      notificationOf('requested', request, alert, { mode, at: request.requestedAt }),
      correlationId,
    );
    return answer;
  }
  // One execution per target, for people too (a person may act during a cool-down: they decided).
  const claimed = await claimTargetFor(deps.targets, { ...request, targetKey: request.targetKey ?? '' }, undefined, nowOf(deps));
  if (claimed.result === 'taken') {
    const held =
      claimed.claim.approvalId === undefined
        ? `execution ${claimed.claim.execution} is running`
        : `approval ${claimed.claim.approvalId} is pending`;
    throw new ConflictError(`${action} on this target is already underway: ${held}; vote on that one instead`);
  }
  try {
    await startRemediation(deps, request);
  } catch (error: unknown) {
    // Not started: the target is free again (a retry without an Idempotency-Key is another execution).
    if (claimed.result === 'claimed') await releaseTarget(deps.targets, request, undefined, nowOf(deps).toISOString());
    throw error;
  }
  return {
    ...answer,
    execution: request.execution,
    ...(request.approvalId === undefined ? {} : { approvalId: request.approvalId, deadline: request.deadline }),
  };
}
