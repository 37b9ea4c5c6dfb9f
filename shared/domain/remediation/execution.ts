/**
 * The executor port: carries out one approved (or auto) remediation action and reports what
 * happened as an ExecutionOutcome. What the target or the request caused (a 400, an unknown
 * webhook, an open circuit, a timeout after retries) is a `failed` outcome with a reason; only
 * programming errors throw.
 */
import type { ActionName } from '../actions/registry.ts';
import type { AlertRecord } from '../alerts/alert-record.ts';
import type { ExecutionOutcome } from './execution-outcome.ts';
import type { RemediationConfig } from './executor-config.ts';

export interface ExecutionRequest {
  readonly tenant: string;
  /** The approval that allowed the action; absent for `auto` actions. */
  readonly approvalId?: string;
  readonly alert: AlertRecord;
  readonly action: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> };
  /** Who asked for the action: a user's subject, or the deciding step for triage proposals. */
  readonly requestedBy: string;
  readonly correlationId: string;
}

export interface ActionExecutor {
  execute(request: ExecutionRequest): Promise<ExecutionOutcome>;
}

/** Picks the executor for an action under a tenant's remediation config (built by the composition root). */
export type ExecutorFor = (action: ActionName, config: RemediationConfig) => ActionExecutor;
