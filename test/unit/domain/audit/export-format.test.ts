import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/domain/audit/audit-event.ts';
import {
  CSV_HEADER,
  csvField,
  ExportLineError,
  entriesToCsv,
  entryToNdjsonLine,
  MAX_NDJSON_LINE_LENGTH,
  ndjsonLines,
  ndjsonLineToEntry,
  ndjsonToEntries,
} from '../../../../shared/domain/audit/export-format.ts';
import { appendEntry } from '../../../../shared/domain/audit/hash-chain.ts';
import { verifyNdjsonLines } from '../../../../shared/domain/audit/verify-chain.ts';
import { auditEventArbitrary, chainOf } from '../../../support/audit-arbitraries.ts';

const at0 = (entries: readonly AuditEntry[]): AuditEntry => entries[0] ?? expect.fail('empty chain');

const chainArb = fc.array(auditEventArbitrary, { minLength: 1, maxLength: 6 }).map(chainOf);

/** An export's bytes read back the way the CLI reads a file, in chunks that can split a character. */
const linesOf = (bytes: Buffer) => ndjsonLines([bytes.subarray(0, 7), bytes.subarray(7, 100), bytes.subarray(100)]);

const exportOf = (entries: readonly AuditEntry[]) => Buffer.from(entries.map((entry) => `${entryToNdjsonLine(entry)}\n`).join(''), 'utf8');

/** The byte range of line `index` (0-based), without its newline. */
function lineRange(bytes: Buffer, index: number): { start: number; end: number } {
  let start = 0;
  for (let i = 0; i < index; i++) start = bytes.indexOf(0x0a, start) + 1;
  return { start, end: bytes.indexOf(0x0a, start) };
}

function editByte(bytes: Buffer, entryIndex: number, offsetPick: number, delta: number): { edited: Buffer; line: string } {
  const { start, end } = lineRange(bytes, entryIndex);
  const edited = Buffer.from(bytes);
  const at = start + (offsetPick % (end - start));
  edited[at] = ((edited[at] ?? 0) + delta) % 256;
  return { edited, line: edited.subarray(start, end).toString('utf8') };
}

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('NDJSON export', () => {
  it('decodes every entry back exactly, and the decoded chain verifies', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb, async (entries) => {
        const bytes = exportOf(entries);
        const decoded: AuditEntry[] = [];
        for await (const entry of ndjsonToEntries(linesOf(bytes))) decoded.push(entry);
        expect(decoded).toEqual(entries);
        expect(await verifyNdjsonLines(linesOf(bytes))).toMatchObject({ valid: true, checked: entries.length });
      }),
    );
  });

  it('detects any single-byte edit of any entry line that still parses as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (entries, pick, offset, delta) => {
        const entryIndex = pick % entries.length;
        const { edited, line } = editByte(exportOf(entries), entryIndex, offset, delta);
        fc.pre(parses(line));
        const result = await verifyNdjsonLines(linesOf(edited));
        expect(result.valid).toBe(false);
        expect(result.firstInvalid?.line).toBe(entryIndex + 1);
      }),
      { numRuns: 500 },
    );
  });

  it('detects any single-byte edit at all, naming the line it is on', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (entries, pick, offset, delta) => {
        const entryIndex = pick % entries.length;
        const { edited } = editByte(exportOf(entries), entryIndex, offset, delta);
        const result = await verifyNdjsonLines(linesOf(edited));
        expect(result.valid).toBe(false);
        expect(result.checked).toBeLessThanOrEqual(entryIndex);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every single-byte respelling of a line that keeps its meaning (\\u001F, 1E+21, 1e021)', () => {
    fc.assert(
      fc.property(auditEventArbitrary, (event) => {
        const entry = appendEntry(undefined, { ...event, data: { ...event.data, control: '\u001f\u0001', big: 1e21, tiny: 5e-324 } });
        const line = entryToNdjsonLine(entry);
        const respellings = line.split('').flatMap((char, index) => {
          const swapped = char === '+' ? '0' : char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
          if (swapped === char) return [];
          const variant = line.slice(0, index) + swapped + line.slice(index + 1);
          return parses(variant) && isDeepStrictEqual(JSON.parse(variant), JSON.parse(line)) ? [variant] : [];
        });
        expect(respellings.length).toBeGreaterThanOrEqual(4);
        for (const variant of respellings) expect(() => ndjsonLineToEntry(variant, 1)).toThrow(/not in canonical form/);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a line re-encoded with the same meaning (an escape spelled in capitals)', () => {
    const entry = appendEntry(
      undefined,
      fc.sample(auditEventArbitrary, { numRuns: 1, seed: 1 })[0] ?? fc.sample(auditEventArbitrary, 1)[0] ?? expect.fail(),
    );
    const withControl = appendEntry(undefined, { ...entry, data: { note: '\u001f' } });
    const line = entryToNdjsonLine(withControl);
    expect(line).toContain('\\u001f');
    expect(() => ndjsonLineToEntry(line.replace('\\u001f', '\\u001F'), 1)).toThrow(/line 1 \(seq 1\): not in canonical form/);
  });

  it.each([
    ['is not JSON', '{"seq":1', /line 3: not valid JSON/],
    ['is empty', '', /line 3: empty/],
    ['has a field of the wrong type', 'seq-as-string', /line 3: not an audit entry \(seq: /],
    ['has an unknown field', 'extra-field', /line 3 \(seq 1\): not an audit entry \(\(entry\): Unrecognized key: "pk"\)/],
    ['has an unknown subject', 'extra-subject', /subjects: Unrecognized key: "ticketId"/],
    ['is missing data', 'no-data', /data: /],
    ['has an uppercase hash', 'upper-hash', /hash: expected 64 lowercase hex digits/],
    ['is a JSON array', '[]', /line 3: not an audit entry/],
  ])('reports the line number when a line %s', (_, variant, message) => {
    const entry = appendEntry(undefined, fc.sample(auditEventArbitrary, { numRuns: 1, seed: 2 })[0] ?? expect.fail());
    const variants: Record<string, unknown> = {
      'seq-as-string': { ...entry, seq: '1' },
      'extra-field': { ...entry, pk: 'TENANT#acme' },
      'extra-subject': { ...entry, subjects: { ticketId: 'T-1' } },
      'no-data': { ...entry, data: undefined },
      'upper-hash': { ...entry, hash: entry.hash.toUpperCase() },
    };
    const text = variant in variants ? JSON.stringify(variants[variant]) : variant;
    const error = (() => {
      try {
        ndjsonLineToEntry(text, 3);
      } catch (caught: unknown) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ExportLineError);
    expect(error).toMatchObject({ line: 3, message: expect.stringMatching(message) });
  });

  it.each([
    ['a number beyond the double range', '"big":1e999'],
    ['a lone surrogate escape', '"s":"\\ud800"'],
  ])('refuses a line holding %s as an ExportLineError, not a crash', (_, member) => {
    const entry = appendEntry(undefined, {
      ...(fc.sample(auditEventArbitrary, { numRuns: 1, seed: 7 })[0] ?? expect.fail()),
      data: { a: 1 },
    });
    const line = entryToNdjsonLine(entry).replace('"data":{"a":1}', `"data":{${member}}`);
    expect(() => ndjsonLineToEntry(line, 4)).toThrow(ExportLineError);
    expect(() => ndjsonLineToEntry(line, 4)).toThrow(/line 4 \(seq 1\): holds a value with no canonical JSON form/);
  });

  it('refuses an overlong line before parsing it', () => {
    expect(() => ndjsonLineToEntry(`"${'x'.repeat(MAX_NDJSON_LINE_LENGTH)}"`, 1)).toThrow(/longer than/);
  });

  it('keeps a __proto__ key in data through an export, so its entry still verifies', async () => {
    const entry = appendEntry(undefined, {
      ...(fc.sample(auditEventArbitrary, { numRuns: 1, seed: 3 })[0] ?? expect.fail()),
      data: Object.fromEntries([['__proto__', { admin: true }]]),
    });
    const decoded = ndjsonLineToEntry(entryToNdjsonLine(entry), 1);
    expect(Object.keys(decoded.data)).toEqual(['__proto__']);
    expect(await verifyNdjsonLines([entryToNdjsonLine(entry)])).toMatchObject({ valid: true, checked: 1 });
  });

  it('splits lines at LF only, keeping U+2028, U+2029 and CR inside strings (node:readline would split there)', async () => {
    const entries = chainOf([
      { ...(fc.sample(auditEventArbitrary, { numRuns: 1, seed: 5 })[0] ?? expect.fail()), data: { note: 'a\u2028b\u2029c' } },
    ]);
    const lines: string[] = [];
    for await (const line of linesOf(exportOf(entries))) lines.push(line);
    expect(lines).toEqual([entryToNdjsonLine(at0(entries))]);
    expect(await verifyNdjsonLines(linesOf(exportOf(entries)))).toMatchObject({ valid: true, checked: 1 });
  });

  it('accepts CRLF line endings and a last line without a newline', async () => {
    const lines: string[] = [];
    for await (const line of ndjsonLines([Buffer.from('{"a":1}\r\n{"b":"é"}')])) lines.push(line);
    expect(lines).toEqual(['{"a":1}', '{"b":"é"}']);
  });

  it('decodes a character split across two chunks', async () => {
    const bytes = Buffer.from('"é"\n');
    const lines: string[] = [];
    for await (const line of ndjsonLines([bytes.subarray(0, 2), bytes.subarray(2)])) lines.push(line);
    expect(lines).toEqual(['"é"']);
  });

  it('reports bad UTF-8 with its line number', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 3, seed: 6 }));
    const bytes = exportOf(entries);
    const { start } = lineRange(bytes, 1);
    bytes[start + 2] = 0xff;
    const result = await verifyNdjsonLines(ndjsonLines([bytes]));
    expect(result).toMatchObject({ valid: false, checked: 1, firstInvalid: { seq: 2, line: 2, reason: 'not valid UTF-8' } });
  });

  it('names the seq and line of an entry that does not verify', async () => {
    const entries = chainOf(fc.sample(auditEventArbitrary, { numRuns: 5, seed: 4 }));
    const lines = entries.map(entryToNdjsonLine).toSpliced(2, 1);
    expect((await verifyNdjsonLines(lines)).firstInvalid).toEqual({
      seq: 4,
      line: 3,
      reason: 'seq 4 follows 2 (deleted or reordered entries)',
    });
  });
});

describe('CSV export', () => {
  const entry = appendEntry(undefined, {
    eventId: 'a1:1:received',
    tenant: 'acme',
    time: '2026-11-22T10:00:00.000Z',
    type: 'alert.received',
    actor: 'Doe, "Jane"\nops',
    subjects: { alertId: 'a1', keyId: 'k,1' },
    correlationId: 'c-1',
    data: { note: 'a,b' },
  });

  it('writes the header in the documented column order', () => {
    expect(CSV_HEADER).toBe('seq,time,type,actor,alertId,approvalId,executionId,keyId,incidentId,correlationId,eventId,data,prevHash,hash');
  });

  it('quotes commas, quotes and newlines per RFC 4180, and ends every line in CRLF', () => {
    const csv = entriesToCsv([entry]);
    expect(csv).toBe(
      `${CSV_HEADER}\r\n1,2026-11-22T10:00:00.000Z,alert.received,"Doe, ""Jane""\nops",a1,,,"k,1",,c-1,a1:1:received,"{""note"":""a,b""}",${entry.prevHash},${entry.hash}\r\n`,
    );
  });

  it.each([
    ['plain', 'plain'],
    ['with,comma', '"with,comma"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\r\nbreak', '"line\r\nbreak"'],
    ['', ''],
  ])('encodes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('defuses a spreadsheet formula unless told to keep values exact', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('@SUM(A1)', { guardFormulas: false })).toBe('@SUM(A1)');
  });

  it('reads back field for field with an RFC 4180 parser, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { minLength: 1, maxLength: 5 }), (values) => {
        const record = values.map((value) => csvField(value, { guardFormulas: false })).join(',');
        expect(parseCsvRecord(record)).toEqual(values);
      }),
    );
  });
});

/** A minimal RFC 4180 reader for one record: the oracle for the encoder. */
function parseCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quote');
        field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    } else {
      const comma = text.indexOf(',', i);
      field = text.slice(i, comma < 0 ? text.length : comma);
      i = comma < 0 ? text.length : comma;
    }
    fields.push(field);
    if (i >= text.length) return fields;
    if (text[i] !== ',') throw new Error(`expected a comma at ${i}`);
    i += 1;
  }
}
