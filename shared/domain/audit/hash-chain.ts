/**
 * The per-tenant hash chain: each entry's hash covers its content and its predecessor's hash, so
 * editing, deleting, inserting or reordering any entry breaks every later link.
 */
import { createHash } from 'node:crypto';
import { type AuditEntry, type AuditEvent, auditEventSchema } from './audit-event.ts';
import { canonicalJson, isJsonObject } from './canonical-json.ts';

/** The `prevHash` of seq 1: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The last entry of a chain (or a checkpoint of it): all a new entry needs to link to it. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** An entry before its hash is computed. */
export type UnhashedEntry = Omit<AuditEntry, 'hash'>;

const SUBJECT_KEYS = auditEventSchema.shape.subjects.unwrap().keyof().options;

/**
 * Exactly the fields an entry's hash covers, without storage attributes (keys, TTL) an adapter may
 * have left on the object. A field added to the entry model fails to compile here until it is hashed.
 */
export function entryContent(entry: UnhashedEntry): UnhashedEntry {
  const subjects: Partial<Record<keyof AuditEvent['subjects'], string>> = {};
  for (const key of SUBJECT_KEYS) {
    const id = entry.subjects[key];
    if (id !== undefined) subjects[key] = id;
  }
  return {
    eventId: entry.eventId,
    tenant: entry.tenant,
    time: entry.time,
    type: entry.type,
    actor: entry.actor,
    subjects,
    correlationId: entry.correlationId,
    data: entry.data,
    seq: entry.seq,
    prevHash: entry.prevHash,
  };
}

/**
 * SHA-256 (lowercase hex) of the RFC 8785 canonical JSON of the entry without `hash`, followed by
 * `prevHash`, both as UTF-8.
 *
 * @example entryHash({ ...event, seq: 1, prevHash: GENESIS_HASH })
 */
export function entryHash(entry: UnhashedEntry): string {
  return createHash('sha256')
    .update(canonicalJson(entryContent(entry)))
    .update(entry.prevHash)
    .digest('hex');
}

/**
 * The entry that appends `event` after `previous` (seq 1 on the genesis hash when there is none).
 * `data` is stored as its JSON form, so the entry equals what an export decodes back to.
 *
 * @throws TypeError when the event's data or strings have no canonical JSON form (NaN, BigInt, lone surrogates, cycles).
 * @example const second = appendEntry(first, event); // second.seq === first.seq + 1, second.prevHash === first.hash
 */
export function appendEntry(previous: ChainHead | undefined, event: AuditEvent): AuditEntry {
  if (previous !== undefined && !(Number.isSafeInteger(previous.seq) && previous.seq >= 0)) {
    throw new RangeError(`the chain head's seq must be a non-negative integer, got ${previous.seq}`);
  }
  const seq = previous === undefined ? 1 : previous.seq + 1;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  const unhashed: UnhashedEntry = { ...entryContent({ ...event, seq, prevHash }), data: asJsonData(event.data) };
  return { ...unhashed, hash: entryHash(unhashed) };
}

/** Whether `entry` is the one entry that may come right after `previous`: the next seq, linked, its hash its own. */
export function follows(previous: ChainHead | undefined, entry: AuditEntry): boolean {
  const { hash, ...unhashed } = entry;
  return entry.seq === (previous?.seq ?? 0) + 1 && entry.prevHash === (previous?.hash ?? GENESIS_HASH) && entryHash(unhashed) === hash;
}

function asJsonData(data: AuditEvent['data']): AuditEvent['data'] {
  const parsed: unknown = JSON.parse(canonicalJson(data));
  if (!isJsonObject(parsed)) throw new TypeError('audit event data must be a JSON object');
  return parsed;
}
