/**
 * The audit writer's step: append one event to its tenant's chain. The entry and the chain's head
 * move in one transaction conditioned on the head, so concurrent writers can never fork a chain;
 * an event already appended (SQS redelivery) appends nothing.
 */
import type { AuditEvent } from '../audit/audit-event.ts';
import { appendEntry } from '../audit/hash-chain.ts';
import type { AuditStore } from '../domain/audit-store.ts';
import { ConflictError } from '../domain/errors.ts';

export const DEFAULT_RETENTION_DAYS = 365;
/** FIFO delivery gives one writer per tenant at a time; these cover writers racing anyway. */
const MAX_ATTEMPTS = 30;

export type AppendOutcome = { readonly result: 'appended'; readonly seq: number } | { readonly result: 'duplicate'; readonly seq?: number };

export async function appendAuditEvent(
  store: AuditStore,
  event: AuditEvent,
  retentionDays = DEFAULT_RETENTION_DAYS,
): Promise<AppendOutcome> {
  const expiresAt = Math.floor(Date.parse(event.time) / 1000) + retentionDays * 86_400;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const already = await store.seqOf(event.tenant, event.eventId);
    if (already !== undefined) return { result: 'duplicate', seq: already };
    const head = await store.head(event.tenant);
    const entry = appendEntry(head, event);
    const result = await store.append(entry, head, expiresAt);
    if (result === 'appended') return { result, seq: entry.seq };
    if (result === 'duplicate') return { result };
    // Another writer moved the head: back off (jittered, exponential) and read it again.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 7)));
  }
  throw new ConflictError(`Could not append ${event.eventId} to ${event.tenant}'s chain after ${MAX_ATTEMPTS} attempts`);
}
