/**
 * Export encodings of a chain. NDJSON is the verifiable one: each line is the RFC 8785 canonical
 * JSON of one entry, so any change to a line's bytes is either undecodable, non-canonical or a
 * different entry. CSV is for reading in a spreadsheet.
 */
import { isUtf8 } from 'node:buffer';
import * as z from 'zod';
import { type AuditEntry, auditEventSchema } from './audit-event.ts';
import { canonicalJson, isJsonObject } from './canonical-json.ts';
import { entryContent } from './hash-chain.ts';

/** Longer lines are refused before parsing: a DynamoDB item (400 KB) escapes to at most about 2.4 M characters. */
export const MAX_NDJSON_LINE_LENGTH = 4 * 1024 * 1024;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');

/** An exported entry: every field present, nothing unknown (an unknown key would be dropped, unhashed). */
export const auditEntrySchema = z.strictObject({
  ...auditEventSchema.shape,
  subjects: auditEventSchema.shape.subjects.unwrap().strict(),
  data: z.record(z.string(), z.unknown()),
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  prevHash: sha256Hex,
  hash: sha256Hex,
});

/** A line of an export that is not an entry; `line` counts from 1. */
export class ExportLineError extends Error {
  override name = 'ExportLineError';
  readonly line: number;
  /** The seq the line claims, when it has one. */
  readonly seq: number | undefined;
  /** What is wrong, without where (the message says both). */
  readonly reason: string;
  constructor(reason: string, line: number, seq: number | undefined, options?: ErrorOptions) {
    super(`line ${line}${seq === undefined ? '' : ` (seq ${seq})`}: ${reason}`, options);
    this.line = line;
    this.seq = seq;
    this.reason = reason;
  }
}

/** One NDJSON line for an entry, without the newline: its canonical JSON. */
export function entryToNdjsonLine(entry: AuditEntry): string {
  return canonicalJson({ ...entryContent(entry), hash: entry.hash });
}

/**
 * The entry on one NDJSON line, validated and required to be in canonical form.
 *
 * @throws ExportLineError naming the line (and the seq, when readable): too long, not JSON, not an
 * entry, or not canonical (re-encoded or edited without changing its meaning).
 * @example ndjsonLineToEntry(entryToNdjsonLine(entry), 1) // deep-equals entry
 */
export function ndjsonLineToEntry(text: string, line: number): AuditEntry {
  if (text.length > MAX_NDJSON_LINE_LENGTH) throw new ExportLineError(`longer than ${MAX_NDJSON_LINE_LENGTH} characters`, line, undefined);
  if (text.trim() === '') throw new ExportLineError('empty (an export has one entry per line)', line, undefined);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error: unknown) {
    throw new ExportLineError('not valid JSON', line, undefined, { cause: error });
  }
  const claimedSeq = isJsonObject(raw) && typeof raw.seq === 'number' ? raw.seq : undefined;
  const parsed = auditEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`);
    throw new ExportLineError(`not an audit entry (${problems.join('; ')})`, line, claimedSeq);
  }
  // zod rebuilds records and drops a `__proto__` key; the hash covers the data as it was written.
  const data = isJsonObject(raw) && isJsonObject(raw.data) ? raw.data : parsed.data.data;
  const entry: AuditEntry = { ...parsed.data, data };
  let canonical: string;
  try {
    canonical = entryToNdjsonLine(entry);
  } catch (error: unknown) {
    // JSON.parse reads 1e999 as Infinity and "\ud800" as a lone surrogate; neither has a canonical form.
    throw new ExportLineError(`holds a value with no canonical JSON form (${errorMessage(error)})`, line, claimedSeq, {
      cause: error,
    });
  }
  if (canonical !== text) {
    throw new ExportLineError('not in canonical form (RFC 8785), so it was re-encoded or edited', line, claimedSeq);
  }
  return entry;
}

/**
 * The lines of an NDJSON byte stream (e.g. `createReadStream(file)`), split at LF only, a trailing
 * CR dropped, each decoded as strict UTF-8. Not `node:readline`: it also splits at U+2028, U+2029
 * and a lone CR, which canonical JSON leaves unescaped inside strings.
 *
 * @throws ExportLineError for a line that is not UTF-8 or is too long to be an entry.
 */
export async function* ndjsonLines(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decode = (bytes: Buffer, line: number): string => {
    const text = bytes.at(-1) === CR ? bytes.subarray(0, -1) : bytes;
    if (!isUtf8(text)) throw new ExportLineError('not valid UTF-8', line, undefined);
    return text.toString('utf8');
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  for await (const bytes of chunks) {
    // A Buffer view searches for LF natively; a plain Uint8Array's indexOf is a JavaScript loop.
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let start = 0;
    for (let end = chunk.indexOf(LF); end !== -1; end = chunk.indexOf(LF, start)) {
      const tail = chunk.subarray(start, end);
      line += 1;
      yield decode(pending.length === 0 ? tail : Buffer.concat([...pending, tail]), line);
      pending = [];
      pendingBytes = 0;
      start = end + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_NDJSON_LINE_BYTES)
        throw new ExportLineError(`longer than ${MAX_NDJSON_LINE_BYTES} bytes`, line + 1, undefined);
    }
  }
  if (pending.length > 0) yield decode(Buffer.concat(pending), line + 1);
}

const LF = 0x0a;
const CR = 0x0d;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_NDJSON_LINE_BYTES = 3 * MAX_NDJSON_LINE_LENGTH;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** NDJSON lines (from {@link ndjsonLines} or an array) decoded to entries; throws `ExportLineError` at the first bad line. */
export async function* ndjsonToEntries(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<AuditEntry> {
  let line = 0;
  for await (const text of lines) {
    line += 1;
    yield ndjsonLineToEntry(text, line);
  }
}

/** The CSV columns, in order; `data` holds the entry's data as canonical JSON. */
export const CSV_COLUMNS = [
  'seq',
  'time',
  'type',
  'actor',
  'alertId',
  'approvalId',
  'executionId',
  'keyId',
  'incidentId',
  'correlationId',
  'eventId',
  'data',
  'prevHash',
  'hash',
] as const;

/** The CSV header line, without its CRLF. */
export const CSV_HEADER = CSV_COLUMNS.join(',');

export interface CsvOptions {
  /**
   * Prefix `'` to a field starting with `=`, `+`, `-`, `@`, tab or CR, so a spreadsheet shows it
   * instead of running it as a formula (actors, routes and data can come from an attacker).
   * Default true; false keeps the values exact.
   */
  readonly guardFormulas?: boolean;
}

/** One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled. */
export function csvField(value: string, options: CsvOptions = {}): string {
  const guarded = (options.guardFormulas ?? true) && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** One CSV record for an entry, without its CRLF. */
export function entryToCsvRow(entry: AuditEntry, options: CsvOptions = {}): string {
  const { subjects } = entry;
  const fields = [
    String(entry.seq),
    entry.time,
    entry.type,
    entry.actor,
    subjects.alertId ?? '',
    subjects.approvalId ?? '',
    subjects.executionId ?? '',
    subjects.keyId ?? '',
    subjects.incidentId ?? '',
    entry.correlationId,
    entry.eventId,
    canonicalJson(entry.data),
    entry.prevHash,
    entry.hash,
  ];
  return fields.map((field) => csvField(field, options)).join(',');
}

/**
 * A CSV document: the header, then one record per entry, each line ending in CRLF.
 *
 * @example entriesToCsv([entry]) // 'seq,time,…,hash\r\n1,2026-…\r\n'
 */
export function entriesToCsv(entries: Iterable<AuditEntry>, options: CsvOptions = {}): string {
  const lines = [CSV_HEADER];
  for (const entry of entries) lines.push(entryToCsvRow(entry, options));
  return `${lines.join('\r\n')}\r\n`;
}
