/**
 * The audit writer's step: append a tenant's events, in order, to its chain. Each entry is written
 * only if its seq is free and the head moves only from where it was read, so concurrent writers
 * can never fork a chain; an event already appended (SQS redelivery) appends nothing. The chain is
 * settled first (what a stopped writer left after the head is committed) and only then are the
 * events looked up, so an event a crashed writer got as far as writing is found, not written twice.
 */
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import { type AuditStore, MAX_ENTRIES_PER_APPEND } from '../../domain/audit/audit-store.ts';
import { appendEntry } from '../../domain/audit/hash-chain.ts';
import { ConflictError } from '../../domain/errors.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';

export const DEFAULT_RETENTION_DAYS = 365;
/** FIFO delivery gives one writer per tenant at a time; these cover writers racing anyway. */
const MAX_ATTEMPTS = 30;

export interface AppendSummary {
  readonly appended: number;
  readonly duplicates: number;
}

/** Appends events of one tenant, in the order given (a FIFO batch of its message group). */
export async function appendAuditEvents(
  store: AuditStore,
  events: readonly AuditEvent[],
  retentionDays = DEFAULT_RETENTION_DAYS,
): Promise<AppendSummary> {
  const [first] = events;
  if (first === undefined) return { appended: 0, duplicates: 0 };
  const tenant = first.tenant;
  if (events.some((event) => event.tenant !== tenant)) throw new Error('appendAuditEvents takes the events of one tenant');
  const expiresAt = Math.floor(Date.now() / 1000) + retentionDays * 86_400;
  // The seq each event was given in a try: found there after a retry, this writer appended it
  // (committed by itself, or by another writer that settled what it had written).
  const tried = new Map<string, number>();
  return retryOnConflict(
    async () => {
      let head = await store.settle(tenant);
      const done = await store.seqsOf(
        tenant,
        events.map((event) => event.eventId),
      );
      let appended = [...done].filter(([eventId, seq]) => tried.get(eventId) === seq).length;
      const seen = new Set(done.keys());
      const fresh = events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId));
      for (let i = 0; i < fresh.length; i += MAX_ENTRIES_PER_APPEND) {
        const entries = [];
        let previous = head;
        for (const event of fresh.slice(i, i + MAX_ENTRIES_PER_APPEND)) {
          const entry = appendEntry(previous, event);
          entries.push(entry);
          tried.set(event.eventId, entry.seq);
          previous = { seq: entry.seq, hash: entry.hash };
        }
        // Another writer moved the head: read it (and what is already appended) again.
        if ((await store.append(entries, head, expiresAt)) !== 'appended') throw new ConflictError(`${tenant}'s chain head moved`);
        appended += entries.length;
        head = previous;
      }
      return { appended, duplicates: events.length - appended };
    },
    {
      attempts: MAX_ATTEMPTS,
      exhausted: (error) =>
        new ConflictError(`Could not append ${events.length} event(s) to ${tenant}'s chain after ${MAX_ATTEMPTS} attempts`, {
          cause: error,
        }),
    },
  );
}

/** One event. */
export async function appendAuditEvent(store: AuditStore, event: AuditEvent, retentionDays = DEFAULT_RETENTION_DAYS) {
  const { appended } = await appendAuditEvents(store, [event], retentionDays);
  return { result: appended === 1 ? ('appended' as const) : ('duplicate' as const) };
}
