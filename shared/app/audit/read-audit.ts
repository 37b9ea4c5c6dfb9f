/** Reading and proving a tenant's audit chain: query, verify, export. Always the caller's tenant. */
import * as z from 'zod';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { AUDIT_EVENT_TYPES, type AuditEntry } from '../../domain/audit/audit-event.ts';
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import { checkpointValid } from '../../domain/audit/checkpoint.ts';
import { CSV_HEADER, entriesToCsv, entryToNdjsonLine } from '../../domain/audit/export-format.ts';
import { verifyChain } from '../../domain/audit/verify-chain.ts';

const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const listAuditQuery = z.object({
  type: z.enum(AUDIT_EVENT_TYPES).optional(),
  subject: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(300).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export async function listAudit(store: AuditStore, tenant: string, query: z.output<typeof listAuditQuery>): Promise<Page<AuditEntry>> {
  const { limit, cursor, ...filter } = query;
  return store.list(tenant, filter, limit, cursor);
}

const PAGE = 500;

/** The tenant's entries in seq order, page by page, so a long chain never sits in memory at once. */
export async function* chainEntries(
  store: AuditStore,
  tenant: string,
  afterSeq = 0,
  upToSeq = Number.POSITIVE_INFINITY,
): AsyncGenerator<AuditEntry> {
  for (let after = afterSeq; after < upToSeq; ) {
    const page = await store.entries(tenant, after, PAGE);
    for (const entry of page) {
      if (entry.seq > upToSeq) return;
      yield entry;
    }
    const last = page.at(-1);
    if (last === undefined) return;
    after = last.seq;
  }
}

/** A chain that verifies but stops short of the stored head has lost its newest entries. */
function reachesHead<V extends { valid: boolean; head?: { seq: number; hash: string } }>(verdict: V, head: { seq: number; hash: string }) {
  if (!verdict.valid) return verdict;
  if (verdict.head?.seq === head.seq && verdict.head.hash === head.hash) return verdict;
  const seq = (verdict.head?.seq ?? 0) + 1;
  return {
    ...verdict,
    valid: false,
    firstInvalid: { seq, reason: `the chain ends at seq ${seq - 1}, but its head says ${head.seq} (entries deleted?)` },
  };
}

/**
 * Verifies the tenant's chain up to its head as read now, against every signed checkpoint (whose
 * key is not in the database): a chain rewritten from scratch still links, but no longer matches
 * them. Once old entries have expired (retention), it starts from the oldest covering checkpoint.
 */
export interface AuditVerdict {
  readonly valid: boolean;
  readonly checked: number;
  readonly head?: { readonly seq: number; readonly hash: string };
  readonly firstInvalid?: { readonly seq: number; readonly reason: string };
  /** Signed checkpoints the chain was held against, and whether their signatures were checked. */
  readonly checkpoints?: number;
  readonly signaturesChecked?: boolean;
}

export async function verifyAudit(store: AuditStore, tenant: string, checkpointKey?: string): Promise<AuditVerdict> {
  const head = await store.head(tenant);
  const [first] = await store.entries(tenant, 0, 1);
  if (head === undefined || first === undefined) return { valid: true, checked: 0 };
  const invalid = (seq: number, reason: string): AuditVerdict => ({ valid: false, checked: 0, firstInvalid: { seq, reason } });

  const checkpoints = await store.checkpoints(tenant, first.seq - 1);
  const forged = checkpointKey === undefined ? undefined : checkpoints.find((checkpoint) => !checkpointValid(checkpoint, checkpointKey));
  if (forged !== undefined) return invalid(forged.seq, `the checkpoint at seq ${forged.seq} has an invalid signature`);
  const beyond = checkpoints.find((checkpoint) => checkpoint.seq > head.seq);
  if (beyond !== undefined)
    return invalid(
      head.seq + 1,
      `a checkpoint signed at ${beyond.time} names seq ${beyond.seq}, past the head ${head.seq} (entries deleted?)`,
    );
  const anchor = first.seq === 1 ? undefined : checkpoints[0];
  if (first.seq > 1 && anchor === undefined) {
    return invalid(
      first.seq,
      `entries before seq ${first.seq} have expired and no checkpoint at or after seq ${first.seq - 1} remains to verify from`,
    );
  }

  const signed = new Map(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint]));
  let mismatch: { seq: number; reason: string } | undefined;
  async function* matchingCheckpoints() {
    for await (const entry of chainEntries(store, tenant, first === undefined ? 0 : first.seq - 1, head?.seq)) {
      const checkpoint = signed.get(entry.seq);
      if (mismatch === undefined && checkpoint !== undefined && checkpoint.hash !== entry.hash) {
        mismatch = { seq: entry.seq, reason: `entry ${entry.seq} differs from the checkpoint signed at ${checkpoint.time} (rewritten?)` };
      }
      yield entry;
    }
  }
  const options = anchor === undefined ? { tenant } : { tenant, anchor: { seq: anchor.seq, hash: anchor.hash } };
  const verdict = reachesHead(await verifyChain(matchingCheckpoints(), options), head);
  const summary = { checkpoints: checkpoints.length, signaturesChecked: checkpointKey !== undefined };
  if (verdict.valid && mismatch !== undefined) return { ...verdict, ...summary, valid: false, firstInvalid: mismatch };
  return { ...verdict, ...summary };
}

export const exportAuditQuery = z.object({
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  /** Export entries after this seq (the previous page's last). */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(5000),
});

export interface ExportPage {
  readonly contentType: string;
  readonly body: string;
  /** The seq to ask `after` for the next page, when there may be one. */
  readonly nextAfter?: number;
}

export async function exportAudit(store: AuditStore, tenant: string, query: z.output<typeof exportAuditQuery>): Promise<ExportPage> {
  const { format, after, limit } = query;
  const entries: AuditEntry[] = [];
  for await (const entry of chainEntries(store, tenant, after, after + limit)) entries.push(entry);
  const nextAfter = entries.length === limit ? entries.at(-1)?.seq : undefined;
  if (format === 'csv')
    return {
      contentType: 'text/csv; charset=utf-8',
      body: after === 0 ? entriesToCsv(entries) : entriesToCsv(entries).replace(`${CSV_HEADER}\r\n`, ''),
      nextAfter,
    };
  return { contentType: 'application/x-ndjson', body: entries.map((entry) => `${entryToNdjsonLine(entry)}\n`).join(''), nextAfter };
}
