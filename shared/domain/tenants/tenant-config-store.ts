import type { Page } from '../alerts/alert-store.ts';
import type { AuditEvent } from '../audit/audit-event.ts';
import type { TenantConfig } from './tenant-config.ts';

export interface StoredTenantConfig {
  readonly tenant: string;
  readonly version: number;
  readonly config: TenantConfig;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** Tenant configurations, versioned; every version is kept. */
export interface TenantConfigStore {
  get(tenant: string): Promise<StoredTenantConfig | undefined>;
  /**
   * Writes version `expectedVersion + 1` (0: the first), and `owed`, its audit event, in the same
   * transaction (the outbox): an accepted change always reaches the audit log. ConflictError if
   * another write came first.
   */
  put(tenant: string, config: TenantConfig, expectedVersion: number, by: string, at: string, owed: AuditEvent): Promise<StoredTenantConfig>;
  /** The version's audit event is in the audit log: no longer owed. */
  settle(tenant: string, version: number): Promise<void>;
  /** Audit events still owed by versions written before `before` (ISO 8601), across tenants: for the sweeper. */
  owed(
    before: string,
    limit: number,
  ): Promise<readonly { readonly tenant: string; readonly version: number; readonly event: AuditEvent }[]>;
  history(tenant: string, limit: number, cursor: string | undefined): Promise<Page<StoredTenantConfig>>;
}
