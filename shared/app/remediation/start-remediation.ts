/**
 * Starts the workflow for a remediation request, then shows it on the alert and in the audit log.
 * Safe to repeat: the execution is named by the request, the summary is written only if absent
 * (the outcome may land first), and the audit event id is the execution's.
 */

import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import { approvalIdFor, type RemediationRequest, summaryOf, type WorkflowMode } from '../../domain/remediation/remediation.ts';
import { targetKeyOf } from '../../domain/remediation/remediation-target.ts';
import { targetDigestOf } from '../../domain/remediation/target-digest.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { ProposedAction } from '../../domain/triage/decision.ts';
import type { RemediationDeps } from './deps.ts';
import { recordRemediation } from './record-remediation.ts';
import { workflowStarted } from './remediation-events.ts';

export interface RequestFacts {
  readonly alert: AlertRecord;
  readonly action: Pick<ProposedAction, 'name' | 'params' | 'risk' | 'modeReason' | 'targetKey'> & { readonly mode: WorkflowMode };
  readonly execution: string;
  readonly source: RemediationRequest['source'];
  readonly requestedBy: string;
  /** For triage, the decision's time: the same request every time it is built. */
  readonly requestedAt: Date;
  readonly correlationId: string;
}

/**
 * How long the gate (RequestApproval) may take in auto mode, where it resumes itself at once: the
 * state's timeout, which must be set, longer than a Lambda function can run.
 */
const AUTO_GATE_SECONDS = 900;

/** The execution's input: the action, its mode, and for approvals the deadline from the tenant's policy. */
export function remediationRequest(facts: RequestFacts, config: Pick<TenantConfig, 'policies' | 'remediation'>): RemediationRequest {
  const { alert, action } = facts;
  const { policies } = config;
  const base = {
    tenant: alert.tenant,
    alertId: alert.id,
    alertName: alert.name,
    revision: alert.revision,
    execution: facts.execution,
    action: { name: action.name, params: action.params },
    risk: action.risk,
    mode: action.mode,
    modeReason: action.modeReason,
    source: facts.source,
    requestedBy: facts.requestedBy,
    requestedAt: facts.requestedAt.toISOString(),
    correlationId: facts.correlationId,
    targetDigest: targetDigestOf(action, config.remediation),
    targetKey: action.targetKey ?? targetKeyOf(action, alert.id),
    ...(alert.incidentId === undefined ? {} : { incidentId: alert.incidentId }),
  };
  if (action.mode === 'auto') return { ...base, deadlineSeconds: AUTO_GATE_SECONDS };
  const deadlineSeconds = policies.approvalDeadlineMinutes * 60;
  return {
    ...base,
    approvalId: approvalIdFor(facts.execution),
    deadline: new Date(facts.requestedAt.getTime() + deadlineSeconds * 1000).toISOString(),
    deadlineSeconds,
  };
}

export async function startRemediation(
  deps: Pick<RemediationDeps, 'workflow' | 'alerts' | 'audit'>,
  request: RemediationRequest,
): Promise<'started' | 'already-started'> {
  const started = await deps.workflow.start(request);
  const status = request.mode === 'auto' ? 'running' : 'awaiting-approval';
  await recordRemediation(deps.alerts, request.tenant, request.alertId, request.execution, (current) =>
    current === undefined ? summaryOf(request, status, request.requestedAt) : undefined,
  );
  await deps.audit.send([workflowStarted(request)]);
  return started;
}
