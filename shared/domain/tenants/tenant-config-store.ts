import type { Page } from '../alerts/alert-store.ts';
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
  /** Writes version `expectedVersion + 1` (0: the first); ConflictError if another write came first. */
  put(tenant: string, config: TenantConfig, expectedVersion: number, by: string, at: string): Promise<StoredTenantConfig>;
  history(tenant: string, limit: number, cursor: string | undefined): Promise<Page<StoredTenantConfig>>;
}
