/** What the remediation use cases work with; handlers get them from wiring.ts, tests build their own. */
import type { TenantConfig } from '../../config/tenant-config.ts';
import type { AlertStore } from '../../domain/alert-store.ts';
import type { ApprovalStore } from '../../domain/approval-store.ts';
import type { AuditLog } from '../../domain/audit-log.ts';
import type { Workflow } from '../../domain/workflow.ts';
import type { NotificationEvent, NotificationTarget } from '../../notifications/notification-event.ts';

/** Tells the tenant's targets about `event` and records what became of each notification; never throws. */
export type Notifier = (targets: readonly NotificationTarget[], event: NotificationEvent, correlationId: string) => Promise<unknown>;

export interface RemediationDeps {
  readonly alerts: AlertStore;
  readonly approvals: ApprovalStore;
  readonly workflow: Workflow;
  readonly audit: AuditLog;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  /** Sends to the tenant's targets; never throws (see notifications/notify.ts). */
  readonly notify: Notifier;
  /** The API's public URL, for approval links in notifications. */
  readonly publicBaseUrl?: string;
  readonly now?: () => Date;
}

export function nowOf(deps: { readonly now?: () => Date }): Date {
  return (deps.now ?? (() => new Date()))();
}
