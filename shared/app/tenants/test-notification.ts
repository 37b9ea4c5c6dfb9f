/**
 * An admin's test send to one of the tenant's notification targets (the console's Settings):
 * a message of type `test` through the same sending path as every notification, so the egress
 * policy, the target's secret and its retries all apply, and the result is audited as any other.
 */
import * as z from 'zod';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { NotificationEvent, NotificationResult } from '../../domain/notifications/notification-event.ts';
import { TEST_NOTIFICATION } from '../../domain/notifications/notification-event.ts';
import type { Principal } from '../../domain/roles.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { SendNotifications } from '../remediation/recording-notifier.ts';
import { notificationRecord } from '../remediation/remediation-events.ts';
import { ownTenant } from './tenant-config.ts';

export const testNotificationBody = z.strictObject({ targetId: z.string().min(1).max(64) });

export interface TestNotificationDeps {
  /** The configuration as stored now: a target added a second ago can be tested. */
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly send: SendNotifications;
  readonly audit: AuditLog;
  readonly now?: () => Date;
}

export async function sendTestNotification(
  deps: TestNotificationDeps,
  principal: Principal,
  tenant: string | undefined,
  body: z.output<typeof testNotificationBody>,
  correlationId: string,
): Promise<NotificationResult> {
  const own = ownTenant(principal, tenant);
  const target = (await deps.configOf(own)).notifications.targets.find((candidate) => candidate.id === body.targetId);
  if (target === undefined) throw new NotFoundError(`No notification target ${JSON.stringify(body.targetId)}`);
  const at = (deps.now ?? (() => new Date()))().toISOString();
  const event: NotificationEvent = {
    type: TEST_NOTIFICATION,
    tenant: own,
    // No alert: the test stands in for one, named so nobody takes it for an incident.
    alert: { id: `test-${correlationId}`, name: 'alertgate test', summary: `sent by ${principal.subject} from the console` },
    at,
  };
  // Whatever the target subscribes to: the test is asked for by name.
  const [result] = await deps.send([{ ...target, events: [TEST_NOTIFICATION] }], event);
  if (result === undefined) throw new Error('the target was not sent to');
  await deps.audit.send([notificationRecord(event, result, correlationId)]);
  return result;
}
