/**
 * Notifications that leave a trace: each target's result becomes a notification.sent/failed audit
 * event (never the target's URL). Best effort: a notification's record must not fail the step
 * that sent it, so a refused audit write is logged and the step goes on.
 */
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import type { Log } from '../../domain/log.ts';
import type { NotificationEvent, NotificationResult, NotificationTarget } from '../../domain/notifications/notification-event.ts';
import type { Notifier } from './deps.ts';
import { notificationRecord } from './remediation-events.ts';

export type SendNotifications = (targets: readonly NotificationTarget[], event: NotificationEvent) => Promise<NotificationResult[]>;

export function recordingNotifier(send: SendNotifications, audit: AuditLog, log: Log): Notifier {
  return async (targets, event, correlationId) => {
    const results = await send(targets, event);
    await audit
      .send(results.map((result) => notificationRecord(event, result, correlationId)))
      .catch((error: unknown) => log.warn('notification results not recorded', { tenant: event.tenant, error }));
  };
}
