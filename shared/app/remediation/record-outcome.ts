/**
 * The last task of every remediation (RecordOutcome, RecordExpired, RecordNotApproved,
 * RecordFailed): shows how it ended on the alert and the approval, records it in the audit log
 * (again with the approval's facts, whose ids make repeats no-ops) and tells the tenant what was
 * done. The state machine retries it; every write is idempotent.
 */

import type { StoredApproval } from '../../domain/approvals/approval-store.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import { type RemediationStatus, summaryOf } from '../../domain/remediation/remediation.ts';
import type { RecordOutcomeEvent, WorkflowState } from '../../domain/remediation/remediation-request-schema.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { closeApproval } from './close-approval.ts';
import { nowOf, type RemediationDeps } from './deps.ts';
import { recordRemediation } from './record-remediation.ts';
import { actionOutcome, actionSkipped, approvalFacts, notificationOf, requestOfApproval } from './remediation-events.ts';
import { releaseTarget } from './remediation-targets.ts';

const MAX_ATTEMPTS = 5;

interface Ending {
  readonly status: RemediationStatus;
  readonly reason?: string;
  readonly outcome?: ExecutionOutcome;
  /** Why the action was not run (the alert resolved or fired again). */
  readonly skipped?: string;
}

/**
 * The outcome as the alert keeps it: what happened, without the recorded request and response
 * (those stay on the approval and in the audit log), so an alert's item stays small.
 */
function briefOutcome({ request: _request, response: _response, ...brief }: ExecutionOutcome): ExecutionOutcome {
  return brief;
}

const NOT_APPROVED: Readonly<Record<string, RemediationStatus>> = {
  ApprovalRejected: 'rejected',
  ApprovalExpired: 'expired',
  AlertResolved: 'cancelled',
};

/** A Catch's cause: Lambda's `{"errorMessage": …}` JSON, or a vote's free text. */
function causeOf(state: WorkflowState): string {
  const cause = state.failure?.Cause ?? '';
  try {
    const parsed: unknown = JSON.parse(cause);
    if (parsed !== null && typeof parsed === 'object' && 'errorMessage' in parsed) return String(parsed.errorMessage).slice(0, 500);
  } catch {
    // Not JSON: the cause as given.
  }
  return cause.slice(0, 500) || (state.failure?.Error ?? 'unknown');
}

function endingOf(event: RecordOutcomeEvent, at: string): Ending {
  const state = event.request;
  switch (event.result) {
    case 'executed': {
      const result = state.executed?.outcome;
      if (result === undefined) return { status: 'failed', reason: 'the action returned no outcome' };
      if ('skipped' in result) return { status: 'cancelled', reason: result.skipped, skipped: result.skipped };
      const { outcome } = result;
      return {
        status: outcome.status === 'failed' ? 'failed' : 'executed',
        outcome,
        ...(outcome.error === undefined ? {} : { reason: outcome.error }),
      };
    }
    case 'expired':
      return { status: 'expired', reason: 'no decision before the deadline' };
    case 'not-approved':
      return { status: NOT_APPROVED[state.failure?.Error ?? ''] ?? 'rejected', reason: causeOf(state) };
    case 'failed': {
      const reason = `${state.failure?.Error ?? 'Error'}: ${causeOf(state)}`;
      return {
        status: 'failed',
        reason,
        outcome: { status: 'failed', executor: 'none', at, detail: 'the workflow failed before the action completed', error: reason },
      };
    }
  }
}

async function withOutcome(deps: RemediationDeps, first: StoredApproval, outcome: ExecutionOutcome): Promise<StoredApproval> {
  return retryOnConflict(
    async (attempt) => {
      const approval = attempt === 1 ? first : ((await deps.approvals.get(first.tenant, first.id)) ?? first);
      if (approval.outcome !== undefined) return approval;
      const next = { ...approval, outcome, version: approval.version + 1 };
      await deps.approvals.transition(next);
      return next;
    },
    { attempts: MAX_ATTEMPTS },
  );
}

export async function recordOutcome(deps: RemediationDeps, event: RecordOutcomeEvent): Promise<Ending> {
  const state = event.request;
  const at = nowOf(deps).toISOString();
  const ending = endingOf(event, at);
  let approval = state.approvalId === undefined ? undefined : await deps.approvals.get(state.tenant, state.approvalId);

  // The workflow noticed first (its own timeout, or a failure while the approval was pending): close the record.
  if (approval?.status === 'pending' && (event.result === 'expired' || event.result === 'failed')) {
    const closing = event.result === 'expired' ? ('expired' as const) : ('cancelled' as const);
    const reason = ending.reason ?? closing;
    approval =
      (await closeApproval(deps, approval, { status: closing, reason, correlationId: state.correlationId, tellWorkflow: false })) ??
      approval;
  }
  if (approval !== undefined && ending.outcome !== undefined) approval = await withOutcome(deps, approval, ending.outcome);

  // The audit log first: it must have the ending even if the alert cannot take another write.
  const facts = approval === undefined ? [] : approvalFacts({ ...requestOfApproval(approval, state.correlationId), ...state }, approval);
  const action =
    ending.outcome === undefined
      ? ending.skipped === undefined
        ? []
        : [actionSkipped(state, ending.skipped, at)]
      : [actionOutcome(state, ending.outcome)];
  await deps.audit.send([...facts, ...action]);

  await recordRemediation(deps.alerts, state.tenant, state.alertId, state.execution, (current) => ({
    ...(current ?? summaryOf(state, ending.status, at)),
    status: ending.status,
    ...(ending.reason === undefined ? {} : { reason: ending.reason }),
    ...(ending.outcome === undefined ? {} : { outcome: briefOutcome(ending.outcome) }),
    updatedAt: at,
  }));

  // The target is free again, once the alert shows how it ended (a redelivered triage message
  // that finds that summary claims nothing); an action that was carried out starts its cool-down.
  const ran =
    ending.outcome === undefined || ending.outcome.executor === 'none'
      ? undefined
      : ending.outcome.status === 'failed'
        ? 'failed'
        : 'executed';
  await releaseTarget(deps.targets, state, ran, at);

  if (ending.outcome !== undefined) {
    const [alert, config] = await Promise.all([deps.alerts.get(state.tenant, state.alertId), deps.configOf(state.tenant)]);
    await deps.notify(
      config.notifications.targets,
      notificationOf('executed', state, alert, { approval, outcome: ending.outcome, publicBaseUrl: deps.publicBaseUrl, at }),
      state.correlationId,
    );
  }
  return ending;
}
