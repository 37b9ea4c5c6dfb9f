import { resendNotification } from '../../shared/app/remediation/resend-notification.ts';
import { notificationRetrySchema } from '../../shared/domain/notifications/notification-retry.ts';
import { notificationResender } from '../../shared/entry/compose/remediation.ts';
import { sqsBatch } from '../../shared/entry/lambda/sqs-batch.ts';

const deps = notificationResender();

/** Notifications that failed, sent again to their target after a delay; each result audited, the next resend scheduled. */
export const handler = sqsBatch(notificationRetrySchema, async (retry) => {
  const outcome = await resendNotification(deps, retry);
  deps.log.info('notification resent', {
    tenant: retry.tenant,
    targetId: retry.targetId,
    event: retry.event.type,
    retry: retry.retry,
    outcome,
    correlationId: retry.correlationId,
  });
});
