import type { Source } from '../alerts/alert.ts';
import type { Page } from '../alerts/alert-store.ts';

/** What an integration key may do: post alerts to the webhooks, or scrape `GET /v1/metrics`. */
export const KEY_SCOPES = ['webhooks', 'metrics'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface IntegrationKeyRecord {
  readonly keyId: string;
  readonly tenant: string;
  readonly name: string;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The webhook sources it may post to; absent on keys from before scopes (any source). */
  readonly sources?: readonly Source[];
  /** What it may do: post webhooks, scrape metrics; absent on keys from before (webhooks). */
  readonly scopes?: readonly KeyScope[];
  /** After this it is refused, as if revoked. */
  readonly expiresAt?: string;
  /** The last time it authenticated a request, to the hour. */
  readonly lastUsedAt?: string;
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
  /** Records a use, at most once an hour: a write per request would cost more than it tells. */
  touch(keyId: string, at: string): Promise<void>;
}
