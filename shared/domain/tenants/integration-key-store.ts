import type { Page } from '../alerts/alert-store.ts';

export interface IntegrationKeyRecord {
  readonly keyId: string;
  readonly tenant: string;
  readonly name: string;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
}

export interface IntegrationKeyStore {
  create(record: IntegrationKeyRecord): Promise<void>;
  /** By id alone: the key itself names its tenant. */
  find(keyId: string): Promise<IntegrationKeyRecord | undefined>;
  /** Revokes a key of this tenant; NotFoundError if it is another tenant's, unknown or already revoked. */
  revoke(tenant: string, keyId: string, by: string, at: string): Promise<void>;
  list(tenant: string, limit: number, cursor: string | undefined): Promise<Page<IntegrationKeyRecord>>;
}
