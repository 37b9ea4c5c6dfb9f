import { DEFAULT_TENANT_CONFIG, type TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { TenantConfigStore } from '../../domain/tenants/tenant-config-store.ts';

/**
 * Tenant configurations for the triage consumer, cached per container for `ttlMs`: a change
 * reaches triage within that time without a read per message.
 */
export function cachedTenantConfigs(store: TenantConfigStore, ttlMs = 30_000, now: () => number = Date.now) {
  const cache = new Map<string, { config: TenantConfig; until: number }>();
  return async (tenant: string): Promise<TenantConfig> => {
    const hit = cache.get(tenant);
    if (hit !== undefined && hit.until > now()) return hit.config;
    const config = (await store.get(tenant))?.config ?? DEFAULT_TENANT_CONFIG;
    cache.set(tenant, { config, until: now() + ttlMs });
    return config;
  };
}
