/**
 * The AlertStore port in memory, with the DynamoDB adapter's semantics (versioned writes,
 * ConflictError on a stale version, tenant-scoped reads), for fast use-case tests. The adapter's
 * own behaviour against DynamoDB Local is tested in test/integration/dynamo-alert-store.test.ts.
 */
import { type AlertEvent, type AlertRecord, isTriageBound } from '../../../shared/domain/alerts/alert-record.ts';
import type {
  AlertFilter,
  AlertKey,
  AlertStore,
  Page,
  QueuedEvents,
  SaveAllResult,
  VersionedWrite,
} from '../../../shared/domain/alerts/alert-store.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';

export class InMemoryAlertStore implements AlertStore {
  readonly #records = new Map<string, AlertRecord>();
  /** Writes that lost their race, for tests to count. */
  conflicts = 0;

  #key(tenant: string, id: string): string {
    return `${tenant}\u0000${id}`;
  }

  async getMany(tenant: string, ids: readonly string[]): Promise<Map<string, AlertRecord>> {
    const found = new Map<string, AlertRecord>();
    for (const id of ids) {
      const record = this.#records.get(this.#key(tenant, id));
      if (record !== undefined) found.set(id, structuredClone(record));
    }
    return found;
  }

  async get(tenant: string, id: string): Promise<AlertRecord | undefined> {
    const record = this.#records.get(this.#key(tenant, id));
    return record === undefined ? undefined : structuredClone(record);
  }

  async save(write: VersionedWrite): Promise<AlertRecord> {
    const key = this.#key(write.record.tenant, write.record.id);
    const stored = this.#records.get(key);
    if (stored?.version !== write.expectedVersion) {
      this.conflicts += 1;
      throw new ConflictError(`Alert ${write.record.id} changed meanwhile`);
    }
    const next = { ...structuredClone(write.record), version: (write.expectedVersion ?? 0) + 1 };
    this.#records.set(key, next);
    return structuredClone(next);
  }

  async saveAll(writes: readonly VersionedWrite[]): Promise<SaveAllResult> {
    const saved: AlertRecord[] = [];
    const conflicts: string[] = [];
    for (const write of writes) {
      try {
        saved.push(await this.save(write));
      } catch (error: unknown) {
        if (!(error instanceof ConflictError)) throw error;
        conflicts.push(write.record.id);
      }
    }
    return { saved, conflicts };
  }

  async recordSightings(records: readonly AlertRecord[]): Promise<SaveAllResult> {
    const saved: AlertRecord[] = [];
    const conflicts: string[] = [];
    for (const record of records) {
      const key = this.#key(record.tenant, record.id);
      const stored = this.#records.get(key);
      if (stored === undefined || stored.notifications >= record.notifications) {
        this.conflicts += 1;
        conflicts.push(record.id);
        continue;
      }
      const seen = { ...stored, lastSeenAt: record.lastSeenAt, notifications: record.notifications };
      this.#records.set(key, seen);
      saved.push(structuredClone(seen));
    }
    return { saved, conflicts };
  }

  async markQueued(confirmed: readonly QueuedEvents[], at: string): Promise<void> {
    for (const { record, events } of confirmed) {
      const stored = this.#records.get(this.#key(record.tenant, record.id));
      if (stored === undefined) continue;
      const pending = { ...stored.pending };
      for (const event of events) delete pending[event.eventId];
      const last = events.filter(isTriageBound).at(-1);
      const queued = last === undefined ? stored.queued : { eventId: last.eventId, kind: last.kind, revision: last.revision, at };
      this.#records.set(this.#key(record.tenant, record.id), { ...stored, pending, queued, version: stored.version + 1 });
    }
  }

  async releaseLease(tenant: string, id: string, events: readonly AlertEvent[]): Promise<void> {
    const stored = this.#records.get(this.#key(tenant, id));
    if (stored === undefined || events.length === 0) return;
    const pending = { ...stored.pending };
    for (const event of events) {
      const owed = pending[event.eventId];
      if (owed !== undefined) pending[event.eventId] = { ...owed, leaseUntil: 0 };
    }
    this.#records.set(this.#key(tenant, id), { ...stored, pending, version: stored.version + 1 });
  }

  async list(tenant: string, filter: AlertFilter, limit: number): Promise<Page<AlertRecord>> {
    const items = [...this.#records.values()]
      .filter((record) => record.tenant === tenant)
      .filter((record) => filter.status === undefined || record.status === filter.status)
      .filter((record) => filter.severity === undefined || record.severity === filter.severity)
      .filter((record) => filter.source === undefined || record.source === filter.source)
      .filter((record) => filter.since === undefined || record.updatedAt >= filter.since)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, limit);
    return { items: items.map((record) => structuredClone(record)) };
  }

  async listOwed(before: number, limit: number): Promise<readonly AlertKey[]> {
    return [...this.#records.values()]
      .filter((record) => Object.values(record.pending).some((event) => event.leaseUntil < before))
      .slice(0, limit)
      .map(({ tenant, id }) => ({ tenant, id }));
  }
}
