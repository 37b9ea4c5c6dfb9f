/** Reading and proving a tenant's audit chain: query, verify, export. Always the caller's tenant. */
import * as z from 'zod';
import type { Page } from '../../domain/alerts/alert-store.ts';
import { AUDIT_EVENT_TYPES, type AuditEntry } from '../../domain/audit/audit-event.ts';
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import { CSV_HEADER, entriesToCsv, entryToNdjsonLine } from '../../domain/audit/export-format.ts';

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
