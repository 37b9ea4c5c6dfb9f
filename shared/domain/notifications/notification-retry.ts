/**
 * Notifications sent again later. A notification is retried briefly where it is sent (the
 * workflow step must not wait long); what still fails for a reason that may pass (no answer, a
 * 5xx, a 429) is scheduled on a queue and sent again after a delay, a few times, to that target
 * only. The delivery id stays the same, so a receiver that got it after all sees a duplicate.
 */
import * as z from 'zod';
import { NOTIFICATION_EVENT_TYPES, type NotificationEvent, type NotificationResult } from './notification-event.ts';

export interface NotificationRetry {
  readonly tenant: string;
  /** The target, by id: its URL is read from the tenant's configuration when it is sent. */
  readonly targetId: string;
  readonly event: NotificationEvent;
  /** Which resend this is: 1 for the first. */
  readonly retry: number;
  readonly correlationId: string;
}

/** Where resends wait: each is delivered after `delaySeconds`. */
export interface NotificationRetries {
  schedule(retry: NotificationRetry, delaySeconds: number): Promise<void>;
}

/** How long each resend waits (SQS delays are at most 15 minutes): about 27 minutes in all. */
export const DEFAULT_RETRY_DELAYS_SECONDS: readonly number[] = [30, 120, 600, 900];

/**
 * A failure that may pass, as the sender judged it: no answer, a 5xx, a 429. A 4xx, a URL the
 * egress policy refuses or a signing secret that cannot be read will not: people must act.
 */
export function isWorthRetrying(result: NotificationResult): boolean {
  return !result.ok && result.retryable === true;
}

/** The delay before resend `retry` (1-based), or undefined once the delays are used up. */
export function retryDelaySeconds(retry: number, delays: readonly number[]): number | undefined {
  return delays[retry - 1];
}

/** The queue's message; the event is the sender's own, checked for what the resend reads. */
export const notificationRetrySchema = z.object({
  tenant: z.string().min(1),
  targetId: z.string().min(1),
  event: z.looseObject({
    type: z.enum(NOTIFICATION_EVENT_TYPES),
    tenant: z.string().min(1),
    approvalId: z.string().optional(),
    alert: z.looseObject({ id: z.string().min(1), name: z.string() }),
    at: z.string().min(1),
  }),
  retry: z.number().int().min(1),
  correlationId: z.string().min(1),
}) as unknown as z.ZodType<NotificationRetry>;
