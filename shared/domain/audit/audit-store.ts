import type { Page } from '../alerts/alert-store.ts';
import type { AuditEntry, AuditEventType } from './audit-event.ts';

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** The most entries one append writes (a FIFO batch's events fit many times over). */
export const MAX_ENTRIES_PER_APPEND = 49;

/** 'head-moved': another writer took a seq first, or moved the head; settle and read again. */
export type AppendResult = 'appended' | 'head-moved';

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
  /**
   * The head, once what a writer left after it is committed: entries a writer wrote before it
   * stopped (crashed, or was beaten to the head) always follow the head, and are real events.
   */
  settle(tenant: string): Promise<ChainHead | undefined>;
  /** The seqs events already got, by event id (absent: not appended). */
  seqsOf(tenant: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /**
   * Appends consecutive entries (all of one tenant, chained from `previous`, of events not
   * appended yet) if no other writer takes one of their seqs or moves the head first.
   */
  append(entries: readonly AuditEntry[], previous: ChainHead | undefined, expiresAt: number): Promise<AppendResult>;
  /** Entries in seq order, from `afterSeq` + 1. */
  entries(tenant: string, afterSeq: number, limit: number): Promise<readonly AuditEntry[]>;
  /** Newest first, filtered. */
  list(tenant: string, filter: AuditFilter, limit: number, cursor: string | undefined): Promise<Page<AuditEntry>>;
  /** Every tenant's chain head: for the checkpoint job only (the one read across tenants). */
  heads(): AsyncIterable<{ readonly tenant: string } & ChainHead>;
}
