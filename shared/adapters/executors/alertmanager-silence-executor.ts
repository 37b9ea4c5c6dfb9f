/**
 * `silence_alert`: creates a silence through the tenant's Alertmanager (API v2,
 * `POST /api/v2/silences`) whose matchers are the alert's labels, exactly (isEqual, not regex),
 * from now for the action's `minutes`. The outcome carries the silence ID Alertmanager returns.
 */
import * as z from 'zod';
import type { ActionExecutor, ExecutionRequest } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import { recordResponse } from '../../domain/remediation/execution-outcome.ts';
import type { AlertmanagerTarget } from '../../domain/remediation/executor-config.ts';
import {
  DeliveryError,
  type DeliveryPolicy,
  deliver,
  EXECUTOR_DELIVERY,
  type Fetch,
  type HttpExchange,
  postBody,
} from '../outbound-http/http-delivery.ts';
import { type TargetBreakers, targetKey } from '../outbound-http/target-breakers.ts';
import { type SecretResolver, secretFailure } from '../secrets/secret-resolver.ts';
import { liveOutcome } from './live-outcome.ts';
import { recordOf, silencePlan } from './request-plans.ts';

export interface AlertmanagerSilenceExecutorOptions {
  /** The tenant's Alertmanager; absent, every silence fails with a reason. */
  readonly alertmanager: AlertmanagerTarget | undefined;
  /** Resolves `authorization.credentialsRef`. */
  readonly resolveSecret: SecretResolver;
  /** The container's breakers, one per target: made once by the composition module. */
  readonly breakers: TargetBreakers;
  readonly policy?: DeliveryPolicy;
  readonly fetch: Fetch;
  readonly now?: () => number;
}

export const ALERTMANAGER_EXECUTOR = 'alertmanager';

const silenceCreated = z.object({ silenceID: z.string().min(1) });

export class AlertmanagerSilenceExecutor implements ActionExecutor {
  readonly #options: AlertmanagerSilenceExecutorOptions;

  constructor(options: AlertmanagerSilenceExecutorOptions) {
    this.#options = options;
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const now = this.#options.now ?? Date.now;
    const outcome = liveOutcome(ALERTMANAGER_EXECUTOR, now);
    const planned = silencePlan(request, this.#options.alertmanager, new Date(now()));
    if (!planned.ok) return outcome.refused('no silence created', planned.reason);
    const { plan } = planned;
    const recorded = recordOf(plan);

    const headers: Record<string, string> = { ...plan.headers };
    const authorization = plan.target.authorization;
    if (authorization !== undefined) {
      try {
        const credentials = await this.#options.resolveSecret(request.tenant, authorization.credentialsRef);
        const encoded = authorization.type === 'Basic' ? Buffer.from(credentials, 'utf8').toString('base64') : credentials;
        headers.authorization = `${authorization.type} ${encoded}`;
      } catch (error: unknown) {
        return outcome.refused('no silence created', `could not resolve the Alertmanager credentials: ${secretFailure(error)}`, recorded);
      }
    }

    const fetchFn = this.#options.fetch;
    const delivery = await deliver<{ exchange: HttpExchange; silenceId: string }>({
      policy: this.#options.policy ?? EXECUTOR_DELIVERY,
      breaker: this.#options.breakers.for(targetKey(request.tenant, ALERTMANAGER_EXECUTOR, plan.target.url)),
      attempt: async (signal) => {
        const exchange = await postBody(fetchFn, plan.url, headers, plan.bodyText, signal);
        const created = silenceCreated.safeParse(parseJson(exchange.body));
        if (!created.success) {
          throw new DeliveryError(`answered ${exchange.status} without a silenceID`, 'invalid-response', false, {
            response: recordResponse(exchange.status, exchange.body),
          });
        }
        return { exchange, silenceId: created.data.silenceID };
      },
    });
    if (!delivery.ok)
      return outcome.failed('no silence created', request, delivery, { log: 'alertmanager silence failed', request: recorded });
    const { exchange, silenceId } = delivery.value;
    return outcome.succeeded(`silence ${silenceId} created until ${plan.endsAt}`, delivery, {
      request: recorded,
      response: recordResponse(exchange.status, exchange.body),
      externalId: silenceId,
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
