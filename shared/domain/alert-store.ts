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

/** Where alerts live. Every method is scoped by tenant. */
export interface AlertStore {
  /** Strongly consistent reads of several alerts of one tenant. */
  getMany(tenant: string, ids: readonly string[]): Promise<Map<string, AlertRecord>>;
  get(tenant: string, id: string): Promise<AlertRecord | undefined>;
  /** Writes the record if the stored version is still `expectedVersion` (undefined: must not exist); else ConflictError. */
  save(record: AlertRecord, expectedVersion: number | undefined): Promise<void>;
  /** Clears events confirmed on the queue. */
  markQueued(tenant: string, id: string, events: readonly AlertEvent[], at: string): Promise<void>;
  /** Gives up the lease on events that could not be sent, so the sender's retry sends them. */
  releaseLease(tenant: string, id: string, events: readonly AlertEvent[]): Promise<void>;
  list(tenant: string, filter: AlertFilter, limit: number, cursor: string | undefined): Promise<Page<AlertRecord>>;
}
