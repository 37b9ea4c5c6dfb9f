import type { StoredTenantConfig } from '../../domain/tenants/tenant-config-store.ts';

/** A configuration version as the API shows it (the tenant is the caller's own). */
export function tenantConfigView(stored: StoredTenantConfig) {
  return { version: stored.version, config: stored.config, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
}
