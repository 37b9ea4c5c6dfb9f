import type { AlertStatus, Severity, Source } from './alert.ts';
import type { AlertEvent, AlertRecord } from './alert-record.ts';

export interface AlertFilter {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly source?: Source;
  /** Alerts updated at or after this time (ISO 8601). */
  readonly since?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; present when more items may follow. */
  readonly cursor?: string;
}

/** A record to write if the stored version is still `expectedVersion` (undefined: must not exist yet). */
export interface VersionedWrite {
  readonly record: AlertRecord;
  readonly expectedVersion: number | undefined;
}

export interface SaveAllResult {
  /** The records written, with their new version. */
  readonly saved: readonly AlertRecord[];
  /** Ids whose stored version had moved on: nothing was written for them. */
  readonly conflicts: readonly string[];
}

/** A written record and the events of it now confirmed on the queue. */
export interface QueuedEvents {
  readonly record: AlertRecord;
  readonly events: readonly AlertEvent[];
}

export interface AlertKey {
  readonly tenant: string;
  readonly id: string;
}

/** Where alerts live. Every method is scoped by tenant, but for the system sweep of owed events. */
export interface AlertStore {
  /** Strongly consistent reads of several alerts of one tenant. */
  getMany(tenant: string, ids: readonly string[]): Promise<Map<string, AlertRecord>>;
  get(tenant: string, id: string): Promise<AlertRecord | undefined>;
  /** Writes the record if the stored version is still `expectedVersion`, else ConflictError; returns it with its new version. */
  save(write: VersionedWrite): Promise<AlertRecord>;
  /** Writes many records, each under its own version condition, in as few requests as it can. */
  saveAll(writes: readonly VersionedWrite[]): Promise<SaveAllResult>;
  /**
   * Records plain repeats (isPlainRepeat: only `lastSeenAt` and the count moved) without
   * rewriting the records: each one's count and time, if the count it holds is still below.
   * `saved` are the records as they now read (their version unchanged); a conflict (another
   * repeat counted first) is read again and written whole.
   */
  recordSightings(records: readonly AlertRecord[]): Promise<SaveAllResult>;
  /** Clears events confirmed on the queue from the records just written. */
  markQueued(confirmed: readonly QueuedEvents[], at: string): Promise<void>;
  /** Gives up the lease on events that could not be sent, so the sender's retry sends them. */
  releaseLease(tenant: string, id: string, events: readonly AlertEvent[]): Promise<void>;
  list(tenant: string, filter: AlertFilter, limit: number, cursor: string | undefined): Promise<Page<AlertRecord>>;
  /**
   * Alerts, of any tenant, owing events whose lease ended before `before` (epoch ms). Only the
   * scheduled sweeper calls this; it is the one query not scoped by a caller's tenant.
   */
  listOwed(before: number, limit: number): Promise<readonly AlertKey[]>;
}
