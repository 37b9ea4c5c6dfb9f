/**
 * The default executor: sends nothing and records exactly the request the live executor for the
 * action would have sent (same URL, headers, body; secrets as placeholders), so a tenant can
 * read what going live would do before turning it on. When the live executor would refuse (an
 * unknown webhook, no Alertmanager configured, bad params), the detail says why and nothing is
 * recorded as sent.
 */
import { actionOf, checkParams } from '../../domain/actions/registry.ts';
import type { ActionExecutor, ExecutionRequest } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome, RecordedRequest } from '../../domain/remediation/execution-outcome.ts';
import { type PlanConfig, recordOf, signingHeadersRecord, silencePlan, ssmPlan, webhookPlan } from './request-plans.ts';

export interface DryRunExecutorOptions {
  /** The tenant's executor targets, so the recorded request is the one live would send. */
  readonly config: PlanConfig;
  /** Why this ran as a dry run, e.g. "the tenant's executor is dry-run". */
  readonly reason?: string;
  /** The function's environment (AWS_REGION, AWS_ENDPOINT_URL_SSM), handed in by the composition module. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
}

export const DRY_RUN_EXECUTOR = 'dry-run';

type Rehearsal = { readonly would: string; readonly request?: RecordedRequest } | { readonly refused: string };

export class DryRunExecutor implements ActionExecutor {
  readonly #options: DryRunExecutorOptions;

  constructor(options: DryRunExecutorOptions) {
    this.#options = options;
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const nowMs = (this.#options.now ?? Date.now)();
    const rehearsal = this.#rehearse(request, nowMs);
    const prefix = this.#options.reason === undefined ? 'dry-run' : `dry-run (${this.#options.reason})`;
    const at = new Date(nowMs).toISOString();
    if ('refused' in rehearsal) {
      return { status: 'dry-run', executor: DRY_RUN_EXECUTOR, at, detail: `${prefix}: nothing would be sent: ${rehearsal.refused}` };
    }
    return { status: 'dry-run', executor: DRY_RUN_EXECUTOR, at, detail: `${prefix}: ${rehearsal.would}`, request: rehearsal.request };
  }

  #rehearse(request: ExecutionRequest, nowMs: number): Rehearsal {
    const { config } = this.#options;
    switch (request.action.name) {
      case 'invoke_webhook': {
        const planned = webhookPlan(request, config.webhooks);
        if (!planned.ok) return { refused: planned.reason };
        return {
          would: `would POST a signed request to webhook ${planned.plan.webhook.id}`,
          request: recordOf(planned.plan, signingHeadersRecord(Math.floor(nowMs / 1000))),
        };
      }
      case 'silence_alert': {
        const planned = silencePlan(request, config.alertmanager, new Date(nowMs));
        if (!planned.ok) return { refused: planned.reason };
        return { would: `would create an Alertmanager silence until ${planned.plan.endsAt}`, request: recordOf(planned.plan) };
      }
      case 'run_ssm_automation': {
        const planned = ssmPlan(request, config.ssm, this.#options.env);
        if (!planned.ok) return { refused: planned.reason };
        const { plan } = planned;
        return {
          would: `would start SSM automation ${plan.input.DocumentName} in ${plan.region} as ${plan.roleArn}`,
          request: plan.record,
        };
      }
      default: {
        const check = checkParams(request.action.name, request.action.params);
        if (!check.ok) return { refused: `invalid params for ${request.action.name}: ${check.reason}` };
        return { would: `would ${actionOf(request.action.name).describe(check.params)}` };
      }
    }
  }
}
