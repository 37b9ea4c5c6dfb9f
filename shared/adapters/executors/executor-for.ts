/**
 * Picks the executor for an action under a tenant's remediation config:
 *
 *   notify                          → nothing to execute (succeeded, "notified")
 *   executor dry-run (the default)  → dry-run
 *   live: silence_alert             → Alertmanager silence
 *   live: invoke_webhook            → signed webhook
 *   live: run_ssm_automation        → SSM StartAutomationExecution
 *   live: Kubernetes actions        → dry-run ("no live executor yet")
 */
import type { ActionName } from '../../domain/actions/registry.ts';
import type { ActionExecutor, ExecutorFor } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import type { RemediationConfig } from '../../domain/remediation/executor-config.ts';
import type { DeliveryPolicy, Fetch } from '../outbound-http/http-delivery.ts';
import type { TargetBreakers } from '../outbound-http/target-breakers.ts';
import type { SecretResolver } from '../secrets/secret-resolver.ts';
import { ALERTMANAGER_EXECUTOR, AlertmanagerSilenceExecutor } from './alertmanager-silence-executor.ts';
import { DryRunExecutor } from './dry-run-executor.ts';
import { SSM_EXECUTOR, SsmAutomationExecutor, type SsmClientFactory } from './ssm-automation-executor.ts';
import { WEBHOOK_EXECUTOR, WebhookExecutor } from './webhook-executor.ts';

/** What live executors are built with; all but `resolveSecret` default to the container's own. */
export interface ExecutorDeps {
  readonly resolveSecret: SecretResolver;
  readonly breakers?: TargetBreakers;
  readonly policy?: DeliveryPolicy;
  readonly fetch?: Fetch;
  readonly ssmClientFor?: SsmClientFactory;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
}

export const NO_EXECUTOR = 'none';

/** `notify` changes nothing: the notifications are the action. */
export class NotifyOnlyExecutor implements ActionExecutor {
  readonly #now: () => number;
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }
  async execute(): Promise<ExecutionOutcome> {
    return { status: 'succeeded', executor: NO_EXECUTOR, at: new Date(this.#now()).toISOString(), detail: 'notified' };
  }
}

/** Which executor would run `action` for this config, by name (for display and tests). */
export function executorNameFor(action: ActionName, config: RemediationConfig): string {
  if (action === 'notify') return NO_EXECUTOR;
  if (config.executor !== 'live') return 'dry-run';
  if (action === 'silence_alert') return ALERTMANAGER_EXECUTOR;
  if (action === 'invoke_webhook') return WEBHOOK_EXECUTOR;
  if (action === 'run_ssm_automation') return SSM_EXECUTOR;
  return 'dry-run';
}

/**
 * @example
 * const executor = executorFor(request.action.name, tenantConfig.remediation, { resolveSecret });
 * const outcome = await executor.execute(request);
 */
export function executorFor(action: ActionName, config: RemediationConfig, deps: ExecutorDeps): ActionExecutor {
  const shared = { breakers: deps.breakers, policy: deps.policy, now: deps.now };
  const dryRun = (reason: string) => new DryRunExecutor({ config, reason, env: deps.env, now: deps.now });
  if (action === 'notify') return new NotifyOnlyExecutor(deps.now);
  if (config.executor !== 'live') return dryRun("the tenant's executor is dry-run");
  switch (action) {
    case 'silence_alert':
      return new AlertmanagerSilenceExecutor({
        ...shared,
        alertmanager: config.alertmanager,
        resolveSecret: deps.resolveSecret,
        fetch: deps.fetch,
      });
    case 'invoke_webhook':
      return new WebhookExecutor({ ...shared, webhooks: config.webhooks, resolveSecret: deps.resolveSecret, fetch: deps.fetch });
    case 'run_ssm_automation':
      return new SsmAutomationExecutor({ ...shared, ssm: config.ssm, clientFor: deps.ssmClientFor, env: deps.env });
    case 'restart_workload':
    case 'scale_workload':
    case 'rollback_deployment':
    case 'drain_node':
      return dryRun(`no live executor for ${action} yet`);
  }
}

/** The ExecutorFor port over the container's executor dependencies. */
export function executorFactory(deps: ExecutorDeps): ExecutorFor {
  return (action, config) => executorFor(action, config, deps);
}
