/** What the remediation use cases work with; handlers get them from their composition module, tests build their own. */

import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { ApprovalStore } from '../../domain/approvals/approval-store.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import type { IncidentStore } from '../../domain/incidents/incident-store.ts';
import type { Log } from '../../domain/log.ts';
import type { NotificationEvent, NotificationTarget } from '../../domain/notifications/notification-event.ts';
import type { RemediationWorkflow } from '../../domain/remediation/remediation-workflow.ts';
import type { TargetStore } from '../../domain/remediation/target-store.ts';
import type { RateLimiter } from '../../domain/tenants/rate-limiter.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';

/** Tells the tenant's targets about `event` and records what became of each notification; never throws. */
export type Notifier = (targets: readonly NotificationTarget[], event: NotificationEvent, correlationId: string) => Promise<unknown>;

export interface RemediationDeps {
  readonly alerts: AlertStore;
  readonly approvals: ApprovalStore;
  readonly workflow: RemediationWorkflow;
  readonly incidents: IncidentStore;
  /** One execution per target; cool-downs and breakers. */
  readonly targets: TargetStore;
  /** Counts the tenant's automatic executions (the cap past which they need an approval). */
  readonly limiter: Pick<RateLimiter, 'consume'>;
  readonly audit: AuditLog;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  /** Sends to the tenant's targets; never throws (see notifications/notify.ts). */
  readonly notify: Notifier;
  /** The API's public URL, for approval links in notifications. */
  readonly publicBaseUrl?: string;
  readonly now?: () => Date;
  readonly log: Log;
}

export function nowOf(deps: { readonly now?: () => Date }): Date {
  return (deps.now ?? (() => new Date()))();
}
