import type { StoredTenantConfig } from '../../domain/tenants/tenant-config-store.ts';
import { withSecretsHidden } from '../../domain/tenants/write-only.ts';

/** A configuration version as the API shows it (the tenant is the caller's own), write-only URLs hidden. */
export function tenantConfigView(stored: StoredTenantConfig) {
  return { version: stored.version, config: withSecretsHidden(stored.config), updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
}
