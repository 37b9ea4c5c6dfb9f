/** Reading and proving a tenant's audit chain: query, verify, export. Always the caller's tenant. */
import { z } from 'zod';
import { AUDIT_EVENT_TYPES, type AuditEntry } from '../audit/audit-event.ts';
import { CSV_HEADER, entriesToCsv, entryToNdjsonLine } from '../audit/export-format.ts';
import { verifyChain } from '../audit/verify-chain.ts';
import type { Page } from '../domain/alert-store.ts';
import type { AuditStore } from '../domain/audit-store.ts';
import { BadRequestError } from '../domain/errors.ts';

const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

const listQuery = z.object({
  type: z.enum(AUDIT_EVENT_TYPES).optional(),
  subject: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(300).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  throw new BadRequestError(`Invalid query parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

export async function listAudit(store: AuditStore, tenant: string, query: unknown): Promise<Page<AuditEntry>> {
  const { limit, cursor, ...filter } = parseQuery(listQuery, query);
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
    if (last === undefined || page.length < PAGE) return;
    after = last.seq;
  }
}

export async function verifyAudit(store: AuditStore, tenant: string) {
  // Verify up to the head read now: entries appended meanwhile are for the next verification.
  const head = await store.head(tenant);
  if (head === undefined) return { valid: true, checked: 0 };
  return verifyChain(chainEntries(store, tenant, 0, head.seq));
}

const exportQuery = z.object({
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

export async function exportAudit(store: AuditStore, tenant: string, query: unknown): Promise<ExportPage> {
  const { format, after, limit } = parseQuery(exportQuery, query);
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
