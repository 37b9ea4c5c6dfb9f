/**
 * Sends a workflow event to the tenant's notification targets that subscribed to it: Slack
 * incoming webhooks get Block Kit, generic webhooks get the event as JSON (signed like
 * remediation webhooks when the target has a `secretRef`). Targets are notified in parallel;
 * each is retried briefly and then given up on, its result recorded. `notify` never throws and
 * returns within the delivery budget (plus the time to read a signing secret, itself bounded).
 */
import {
  type NotificationEvent,
  type NotificationResult,
  type NotificationTarget,
  notificationDeliveryId,
} from '../../domain/notifications/notification-event.ts';
import { DELIVERY_HEADER, USER_AGENT } from '../executors/request-plans.ts';
import { logger } from '../observability.ts';
import {
  type DeliveryPolicy,
  deliver,
  type Fetch,
  type HttpExchange,
  NOTIFICATION_DELIVERY,
  postBody,
} from '../outbound-http/http-delivery.ts';
import { webhookSignatureHeaders } from '../outbound-http/webhook-signature.ts';
import { type SecretResolver, secretFailure } from '../secrets/secret-resolver.ts';
import { slackMessage } from './slack-message.ts';

export interface NotifyDeps {
  /** Resolves generic webhooks' `secretRef`. */
  readonly resolveSecret: SecretResolver;
  readonly fetch: Fetch;
  readonly policy?: DeliveryPolicy;
  readonly now?: () => number;
}

/**
 * @example
 * const results = await notify(config.notifications.targets, {
 *   type: 'requested', tenant, approvalId, alert, action, risk, mode, deadline,
 *   link: approvalLink(publicBaseUrl, approvalId), at: new Date().toISOString(),
 * });
 */
export async function notify(
  targets: readonly NotificationTarget[],
  event: NotificationEvent,
  deps: NotifyDeps,
): Promise<NotificationResult[]> {
  const subscribed = targets.filter((target) => target.events.includes(event.type));
  return Promise.all(
    subscribed.map(async (target) => {
      try {
        return await notifyTarget(target, event, deps);
      } catch (error: unknown) {
        // A bug must not stop the workflow either; it is logged and recorded like any failure.
        logger.error('notification crashed', { tenant: event.tenant, targetId: target.id, error });
        return { targetId: target.id, type: target.type, ok: false, attempts: 0, error: 'internal error while notifying' };
      }
    }),
  );
}

async function notifyTarget(target: NotificationTarget, event: NotificationEvent, deps: NotifyDeps): Promise<NotificationResult> {
  const policy = deps.policy ?? NOTIFICATION_DELIVERY;
  const now = deps.now ?? Date.now;
  const body = target.type === 'slack' ? slackMessage(event) : webhookNotificationBody(event);
  const bodyText = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT };

  let secret: string | undefined;
  if (target.type === 'webhook') {
    headers[DELIVERY_HEADER] = notificationDeliveryId(event);
    if (target.secretRef !== undefined) {
      const resolver = deps.resolveSecret;
      const resolved = await withinMs(resolver(event.tenant, target.secretRef), policy.attemptTimeoutMs);
      if (!resolved.ok) return failure(target, event, 0, `could not resolve the signing secret: ${resolved.reason}`);
      secret = resolved.value;
    }
  }

  const fetchFn = deps.fetch;
  const delivery = await deliver<HttpExchange>({
    policy,
    attempt: (signal) =>
      postBody(
        fetchFn,
        target.url,
        secret === undefined ? headers : { ...headers, ...webhookSignatureHeaders(secret, bodyText, now()) },
        bodyText,
        signal,
      ),
  });
  if (delivery.ok) return { targetId: target.id, type: target.type, ok: true, attempts: delivery.attempts, status: delivery.value.status };
  return failure(target, event, delivery.attempts, delivery.error.message, delivery.error.response?.status, delivery.error.retryable);
}

function failure(
  target: NotificationTarget,
  event: NotificationEvent,
  attempts: number,
  error: string,
  status?: number,
  retryable = false,
): NotificationResult {
  logger.warn('notification failed', {
    tenant: event.tenant,
    approvalId: event.approvalId,
    event: event.type,
    targetId: target.id,
    attempts,
    error,
  });
  return { targetId: target.id, type: target.type, ok: false, attempts, status, error, retryable };
}

/** The generic webhook body: the event itself, typed and with a stable id to deduplicate on. */
export function webhookNotificationBody(event: NotificationEvent) {
  return { type: 'alertgate.notification', deliveryId: notificationDeliveryId(event), event: event.type, ...withoutType(event) };
}

function withoutType(event: NotificationEvent): Omit<NotificationEvent, 'type'> {
  const { type: _type, ...rest } = event;
  return rest;
}

async function withinMs<T>(promise: Promise<T>, ms: number): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<{ ok: false; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `timed out after ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ ok: true as const, value })), timedOut]);
  } catch (error: unknown) {
    return { ok: false, reason: secretFailure(error) };
  } finally {
    clearTimeout(timer);
  }
}
