/** Per-tenant hash chains in memory: appends conditioned on the head, entries read back in order. */
import type { AuditEntry } from '../../../shared/domain/audit/audit-event.ts';
import type { AppendResult, AuditStore, ChainHead } from '../../../shared/domain/audit/audit-store.ts';

export class InMemoryAuditStore implements AuditStore {
  readonly #chains = new Map<string, AuditEntry[]>();

  async head(tenant: string): Promise<ChainHead | undefined> {
    const last = this.#chains.get(tenant)?.at(-1);
    return last === undefined ? undefined : { seq: last.seq, hash: last.hash };
  }

  /** Appends are atomic here: nothing is ever left after the head. */
  settle(tenant: string): Promise<ChainHead | undefined> {
    return this.head(tenant);
  }

  async seqsOf(tenant: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const wanted = new Set(eventIds);
    return new Map(
      (this.#chains.get(tenant) ?? []).filter((entry) => wanted.has(entry.eventId)).map((entry) => [entry.eventId, entry.seq]),
    );
  }

  async append(entries: readonly AuditEntry[], previous: ChainHead | undefined): Promise<AppendResult> {
    const first = entries[0];
    if (first === undefined) return 'appended';
    const chain = this.#chains.get(first.tenant) ?? [];
    if ((chain.at(-1)?.seq ?? 0) !== (previous?.seq ?? 0)) return 'head-moved';
    this.#chains.set(first.tenant, [...chain, ...entries]);
    return 'appended';
  }

  async entries(tenant: string, afterSeq: number, limit: number): Promise<readonly AuditEntry[]> {
    return (this.#chains.get(tenant) ?? []).filter((entry) => entry.seq > afterSeq).slice(0, limit);
  }

  list(): never {
    throw new Error('not kept in memory');
  }

  heads(): never {
    throw new Error('not kept in memory');
  }
}
