/**
 * Notifications that leave a trace: each target's result becomes a notification.sent/failed audit
 * event (never the target's URL). A failure that may pass is scheduled to be sent again to that
 * target (notification-retry.ts) until the delays are used up; the audit event says whether it
 * will be. Best effort: a notification's record must not fail the step that sent it, so a refused
 * audit write or schedule is logged and the step goes on.
 */
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import type { Log } from '../../domain/log.ts';
import type { NotificationEvent, NotificationResult, NotificationTarget } from '../../domain/notifications/notification-event.ts';
import { isWorthRetrying, type NotificationRetries, retryDelaySeconds } from '../../domain/notifications/notification-retry.ts';
import type { Notifier } from './deps.ts';
import { notificationRecord } from './remediation-events.ts';

export type SendNotifications = (targets: readonly NotificationTarget[], event: NotificationEvent) => Promise<NotificationResult[]>;

export interface RecordingDeps {
  readonly send: SendNotifications;
  readonly audit: AuditLog;
  readonly log: Log;
  /** Where failures wait to be sent again; without it, a failure is only recorded. */
  readonly retries?: NotificationRetries;
  readonly retryDelaysSeconds: readonly number[];
}

/** Sends to the targets, records each result, and schedules the next resend of what may still get through. */
export async function sendAndRecord(
  deps: RecordingDeps,
  targets: readonly NotificationTarget[],
  event: NotificationEvent,
  correlationId: string,
  retry = 0,
): Promise<NotificationResult[]> {
  const results = await deps.send(targets, event);
  const delay = deps.retries === undefined ? undefined : retryDelaySeconds(retry + 1, deps.retryDelaysSeconds);
  const again = (result: NotificationResult) => delay !== undefined && event.type !== 'test' && isWorthRetrying(result);
  await deps.audit
    .send(results.map((result) => notificationRecord(event, result, correlationId, { retry, willRetry: again(result) })))
    .catch((error: unknown) => deps.log.warn('notification results not recorded', { tenant: event.tenant, error }));
  const scheduling = results.filter(again).map(async (result) => {
    try {
      await deps.retries?.schedule({ tenant: event.tenant, targetId: result.targetId, event, retry: retry + 1, correlationId }, delay ?? 0);
    } catch (error: unknown) {
      deps.log.error('notification resend not scheduled', { tenant: event.tenant, targetId: result.targetId, error });
    }
  });
  await Promise.all(scheduling);
  return results;
}

export function recordingNotifier(deps: RecordingDeps): Notifier {
  return (targets, event, correlationId) => sendAndRecord(deps, targets, event, correlationId);
}
