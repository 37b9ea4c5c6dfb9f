/**
 * `invoke_webhook`: POSTs a signed JSON body to one of the tenant's configured remediation
 * webhooks (the action names the webhook by id; the URL never comes from the action). Each
 * attempt is signed afresh (`X-Alertgate-Timestamp`, `X-Alertgate-Signature`, see
 * webhook-signature.ts) over the same body, which carries a stable `deliveryId` (also in
 * `X-Alertgate-Delivery`) for receivers to deduplicate retries.
 */

import type { ActionExecutor, ExecutionRequest } from '../../domain/remediation/execution.ts';
import type { ExecutionOutcome } from '../../domain/remediation/execution-outcome.ts';
import { recordResponse } from '../../domain/remediation/execution-outcome.ts';
import type { RemediationWebhook } from '../../domain/remediation/executor-config.ts';
import {
  type DeliveryPolicy,
  deliver,
  EXECUTOR_DELIVERY,
  type Fetch,
  type HttpExchange,
  postBody,
} from '../outbound-http/http-delivery.ts';
import { type TargetBreakers, targetKey } from '../outbound-http/target-breakers.ts';
import { webhookSignatureHeaders } from '../outbound-http/webhook-signature.ts';
import { type SecretResolver, secretFailure } from '../secrets/secret-resolver.ts';
import { liveOutcome } from './live-outcome.ts';
import { recordOf, signingHeadersRecord, webhookPlan } from './request-plans.ts';

export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookSignatureHeaders,
} from '../outbound-http/webhook-signature.ts';

export interface WebhookExecutorOptions {
  /** The tenant's remediation webhooks. */
  readonly webhooks: readonly RemediationWebhook[];
  readonly resolveSecret: SecretResolver;
  /** The container's breakers, one per target: made once by the composition module. */
  readonly breakers: TargetBreakers;
  readonly policy?: DeliveryPolicy;
  readonly fetch: Fetch;
  readonly now?: () => number;
}

export const WEBHOOK_EXECUTOR = 'webhook';

export class WebhookExecutor implements ActionExecutor {
  readonly #options: WebhookExecutorOptions;

  constructor(options: WebhookExecutorOptions) {
    this.#options = options;
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const now = this.#options.now ?? Date.now;
    const outcome = liveOutcome(WEBHOOK_EXECUTOR, now);
    const planned = webhookPlan(request, this.#options.webhooks);
    if (!planned.ok) return outcome.refused('webhook not called', planned.reason);
    const { plan } = planned;

    let secret: string;
    try {
      secret = await this.#options.resolveSecret(request.tenant, plan.webhook.secretRef);
    } catch (error: unknown) {
      const reason = `could not resolve the signing secret of webhook ${plan.webhook.id}: ${secretFailure(error)}`;
      return outcome.refused('webhook not called', reason, recordOf(plan));
    }

    const fetchFn = this.#options.fetch;
    let sentAt = now();
    const delivery = await deliver<HttpExchange>({
      policy: this.#options.policy ?? EXECUTOR_DELIVERY,
      breaker: this.#options.breakers.for(targetKey(request.tenant, WEBHOOK_EXECUTOR, plan.webhook.id)),
      attempt: (signal) => {
        sentAt = now();
        const signing = webhookSignatureHeaders(secret, plan.bodyText, sentAt);
        return postBody(fetchFn, plan.url, { ...plan.headers, ...signing }, plan.bodyText, signal);
      },
    });
    const recorded = recordOf(plan, signingHeadersRecord(Math.floor(sentAt / 1000)));
    if (!delivery.ok) {
      return outcome.failed(`webhook ${plan.webhook.id} failed`, request, delivery, {
        log: 'remediation webhook failed',
        fields: { webhook: plan.webhook.id },
        request: recorded,
      });
    }
    return outcome.succeeded(`webhook ${plan.webhook.id} answered ${delivery.value.status}`, delivery, {
      request: recorded,
      response: recordResponse(delivery.value.status, delivery.value.body),
    });
  }
}
