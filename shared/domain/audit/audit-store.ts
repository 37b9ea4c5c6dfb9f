import type { Page } from '../alerts/alert-store.ts';
import type { AuditEntry, AuditEventType } from './audit-event.ts';

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** Two writes an entry (the entry, its event-id marker) plus the head, within TransactWriteItems' 100. */
export const MAX_ENTRIES_PER_APPEND = 49;

export type AppendResult = 'appended' | 'duplicate' | 'head-moved';

export interface AuditFilter {
  readonly type?: AuditEventType;
  /** An alert, approval, execution or key id. */
  readonly subject?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Per-tenant hash chains. Every method is scoped by tenant. */
export interface AuditStore {
  head(tenant: string): Promise<ChainHead | undefined>;
  /** The seqs events already got, by event id (absent: not appended). */
  seqsOf(tenant: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /**
   * Appends consecutive entries (all of one tenant, chained from `previous`) if the chain's head is
   * still `previous` and every event is new, in one transaction (at most 49 entries).
   */
  append(entries: readonly AuditEntry[], previous: ChainHead | undefined, expiresAt: number): Promise<AppendResult>;
  /** Entries in seq order, from `afterSeq` + 1. */
  entries(tenant: string, afterSeq: number, limit: number): Promise<readonly AuditEntry[]>;
  /** Newest first, filtered. */
  list(tenant: string, filter: AuditFilter, limit: number, cursor: string | undefined): Promise<Page<AuditEntry>>;
  /** Every tenant's chain head: for the checkpoint job only (the one read across tenants). */
  heads(): AsyncIterable<{ readonly tenant: string } & ChainHead>;
}
