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
  readonly now?: () => Date;
}

/**
 * Sends to the targets, schedules the next resend of what may still get through, and records
 * each result, saying whether a resend was scheduled (after trying, so the audit log is true).
 */
export async function sendAndRecord(
  deps: RecordingDeps,
  targets: readonly NotificationTarget[],
  event: NotificationEvent,
  correlationId: string,
  retry = 0,
): Promise<NotificationResult[]> {
  const results = await deps.send(targets, event);
  const retries = deps.retries;
  const delay = retries === undefined ? undefined : retryDelaySeconds(retry + 1, deps.retryDelaysSeconds);
  const scheduled = await Promise.all(
    results.map(async (result) => {
      if (retries === undefined || delay === undefined || event.type === 'test' || !isWorthRetrying(result)) return false;
      try {
        await retries.schedule({ tenant: event.tenant, targetId: result.targetId, event, retry: retry + 1, correlationId }, delay);
        return true;
      } catch (error: unknown) {
        deps.log.error('notification resend not scheduled', { tenant: event.tenant, targetId: result.targetId, error });
        return false;
      }
    }),
  );
  const at = (deps.now ?? (() => new Date()))().toISOString();
  await deps.audit
    .send(
      results.map((result, index) =>
        notificationRecord(event, result, correlationId, { retry, willRetry: scheduled[index] === true, ...(retry === 0 ? {} : { at }) }),
      ),
    )
    .catch((error: unknown) => deps.log.warn('notification results not recorded', { tenant: event.tenant, error }));
  return results;
}

export function recordingNotifier(deps: RecordingDeps): Notifier {
  return (targets, event, correlationId) => sendAndRecord(deps, targets, event, correlationId);
}
