/**
 * Sends a scheduled notification again, to its one target, as the tenant's configuration has
 * that target now: a target removed or no longer subscribed is not sent to. Nor is news that is
 * stale: an approval request once the approval is decided, an incident's change once its status
 * has changed again (that change has its own notification); no one is paged for the past.
 */
import type { ApprovalStore } from '../../domain/approvals/approval-store.ts';
import type { IncidentStore } from '../../domain/incidents/incident-store.ts';
import type { NotificationRetry } from '../../domain/notifications/notification-retry.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import { type RecordingDeps, sendAndRecord } from './recording-notifier.ts';

export interface ResendDeps extends RecordingDeps {
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly approvals: Pick<ApprovalStore, 'get'>;
  readonly incidents: Pick<IncidentStore, 'get'>;
}

export type ResendOutcome = 'sent' | 'failed' | 'target-gone' | 'superseded';

export async function resendNotification(deps: ResendDeps, retry: NotificationRetry): Promise<ResendOutcome> {
  // The message names its tenant twice; they must agree, or the event is sent nowhere.
  if (retry.event.tenant !== retry.tenant) return 'target-gone';
  const config = await deps.configOf(retry.tenant);
  const target = config.notifications.targets.find((t) => t.id === retry.targetId && t.events.includes(retry.event.type));
  if (target === undefined) return 'target-gone';
  if (retry.event.type === 'requested' && retry.event.approvalId !== undefined) {
    const approval = await deps.approvals.get(retry.tenant, retry.event.approvalId);
    if (approval?.status !== 'pending') return 'superseded';
  }
  if (retry.event.incident !== undefined) {
    const incident = await deps.incidents.get(retry.tenant, retry.event.incident.id);
    if (incident !== undefined && incident.status !== retry.event.incident.status) return 'superseded';
  }
  const [result] = await sendAndRecord(deps, [target], retry.event, retry.correlationId, retry.retry);
  return result?.ok === true ? 'sent' : 'failed';
}
