/**
 * The ExecuteAction task: carries out the approved (or auto) action with the executor the tenant's
 * remediation config picks (dry-run unless it went live). The alert is read again first: an
 * action for a revision that resolved or fired again since is skipped, not run on a stale premise.
 * What the target answered is an outcome, never an exception (see domain/remediation/execution.ts).
 */

import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { ExecutorFor } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import type { RemediationRequest } from '../../domain/remediation/remediation.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';

export interface ExecuteDeps {
  readonly alerts: AlertStore;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  /** The executor for an action under the tenant's remediation config. */
  readonly executorFor: ExecutorFor;
}

/** What the task returns: the outcome, or why the action was not run. */
export type ExecutionResult = { readonly outcome: ExecutionOutcome } | { readonly skipped: string };

/** Reading what the action needs failed (a throttled or unreachable table): the state machine retries it with backoff. */
export class TransientError extends Error {
  override name = 'TransientError';
}

async function readOrRetry<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error: unknown) {
    throw new TransientError(`could not read ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export async function executeAction(deps: ExecuteDeps, request: RemediationRequest): Promise<ExecutionResult> {
  const alert = await readOrRetry('the alert', () => deps.alerts.get(request.tenant, request.alertId));
  if (alert === undefined) return { skipped: 'the alert no longer exists' };
  if (alert.revision !== request.revision) return { skipped: `the alert fired again (revision ${alert.revision}) before the action ran` };
  if (alert.status === 'resolved') return { skipped: 'the alert resolved before the action ran' };
  const config = await readOrRetry("the tenant's configuration", () => deps.configOf(request.tenant));
  const executor = deps.executorFor(request.action.name, config.remediation);
  const outcome = await executor.execute({
    tenant: request.tenant,
    ...(request.approvalId === undefined ? {} : { approvalId: request.approvalId }),
    alert,
    action: request.action,
    requestedBy: request.requestedBy,
    correlationId: request.correlationId,
  });
  return { outcome };
}
