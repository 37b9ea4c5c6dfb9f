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
import type { LiveExecutor } from '../../domain/actions/action.ts';
import { type ActionName, actionOf } from '../../domain/actions/registry.ts';
import type { ActionExecutor, ExecutorFor } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import type { RemediationConfig } from '../../domain/remediation/executor-config.ts';
import type { DeliveryPolicy, Fetch } from '../outbound-http/http-delivery.ts';
import type { TargetBreakers } from '../outbound-http/target-breakers.ts';
import type { SecretResolver } from '../secrets/secret-resolver.ts';
import { AlertmanagerSilenceExecutor } from './alertmanager-silence-executor.ts';
import { DRY_RUN_EXECUTOR, DryRunExecutor } from './dry-run-executor.ts';
import { SsmAutomationExecutor, type SsmClientFactory } from './ssm-automation-executor.ts';
import { WebhookExecutor } from './webhook-executor.ts';

/** What live executors are built with; all but `resolveSecret` default to the container's own. */
export interface ExecutorDeps {
  readonly resolveSecret: SecretResolver;
  /** The container's breakers, one per target: made once by the composition module. */
  readonly breakers: TargetBreakers;
  readonly policy?: DeliveryPolicy;
  readonly fetch: Fetch;
  readonly ssmClientFor?: SsmClientFactory;
  /** The function's environment (AWS_REGION, AWS_ENDPOINT_URL_SSM), handed in by the composition module. */
  readonly env: Readonly<Record<string, string | undefined>>;
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

/** The live executors, by the name an action's definition gives (actions/<action>.ts `live`). */
const LIVE: Readonly<Record<LiveExecutor, (config: RemediationConfig, deps: ExecutorDeps) => ActionExecutor>> = {
  alertmanager: (config, deps) =>
    new AlertmanagerSilenceExecutor({
      ...sharedOptions(deps),
      alertmanager: config.alertmanager,
      resolveSecret: deps.resolveSecret,
      fetch: deps.fetch,
    }),
  webhook: (config, deps) =>
    new WebhookExecutor({ ...sharedOptions(deps), webhooks: config.webhooks, resolveSecret: deps.resolveSecret, fetch: deps.fetch }),
  'ssm-automation': (config, deps) =>
    new SsmAutomationExecutor({ ...sharedOptions(deps), ssm: config.ssm, clientFor: deps.ssmClientFor, env: deps.env }),
};

function sharedOptions(deps: ExecutorDeps) {
  return { breakers: deps.breakers, policy: deps.policy, now: deps.now };
}

/** Which executor would run `action` for this config, by name (for display and tests). */
export function executorNameFor(action: ActionName, config: RemediationConfig): string {
  if (action === 'notify') return NO_EXECUTOR;
  const live = actionOf(action).live;
  return config.executor === 'live' && live !== undefined ? live : DRY_RUN_EXECUTOR;
}

/**
 * @example
 * const executor = executorFor(request.action.name, tenantConfig.remediation, { resolveSecret });
 * const outcome = await executor.execute(request);
 */
export function executorFor(action: ActionName, config: RemediationConfig, deps: ExecutorDeps): ActionExecutor {
  const dryRun = (reason: string) => new DryRunExecutor({ config, reason, env: deps.env, now: deps.now });
  if (action === 'notify') return new NotifyOnlyExecutor(deps.now);
  if (config.executor !== 'live') return dryRun("the tenant's executor is dry-run");
  const live = actionOf(action).live;
  return live === undefined ? dryRun(`no live executor for ${action} yet`) : LIVE[live](config, deps);
}

/** The ExecutorFor port over the container's executor dependencies. */
export function executorFactory(deps: ExecutorDeps): ExecutorFor {
  return (action, config) => executorFor(action, config, deps);
}
