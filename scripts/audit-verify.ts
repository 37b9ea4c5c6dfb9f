/**
 * Verifies an NDJSON audit export offline, without the service, streaming it line by line (never
 * holding the file in memory), and holds it to the tenant's signed checkpoints:
 *   npm run audit:verify -- --file export.ndjson [--checkpoints dir|file.json --public-key jwks.json|key.pem]
 * Exit codes: 0 valid; 1 invalid (names the first bad seq and line); 2 usage error or unreadable input.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Checkpoint, type CheckpointKeys, checkpointKeysFrom, checkpointSchema } from '../shared/domain/audit/checkpoint.ts';
import { type CheckpointCheck, checkpointCheck } from '../shared/domain/audit/checkpoint-check.ts';
import { ndjsonLines, ndjsonLineToEntry } from '../shared/domain/audit/export-format.ts';
import { type ExportVerifyResult, verifyNdjsonLines } from '../shared/domain/audit/verify-chain.ts';

const USAGE = `usage: npm run audit:verify -- --file export.ndjson [--checkpoints DIR|FILE --public-key FILE [--retention-days N] [--at TIME]]
  --file            the NDJSON export to verify (one canonical JSON entry per line, in seq order)
  --checkpoints     the tenant's signed checkpoints: a directory of checkpoint files (the archive's
                    tenants/<tenant>/checkpoints/), or the JSON of GET /v1/audit/checkpoints
  --public-key      the keys that verify them: the JWKS of GET /v1/audit/public-key, or a PEM public key
  --retention-days  the tenant's audit retention (default 365): older entries may be missing
  --at              verify as of this time (ISO 8601; default now)`;

class UsageError extends Error {
  override name = 'UsageError';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        file: { type: 'string' },
        checkpoints: { type: 'string' },
        'public-key': { type: 'string' },
        'retention-days': { type: 'string' },
        at: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help === true) {
      console.log(USAGE);
      process.exit(0);
    }
    if (values.file === undefined) throw new UsageError('--file is required');
    if ((values.checkpoints === undefined) !== (values['public-key'] === undefined)) {
      throw new UsageError('--checkpoints and --public-key go together');
    }
    const retentionDays = Number(values['retention-days'] ?? 365);
    if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new UsageError('--retention-days must be a whole number of days');
    const at = values.at === undefined ? new Date() : new Date(values.at);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--at ${values.at} is not a time`);
    return { file: values.file, checkpoints: values.checkpoints, publicKey: values['public-key'], retentionDays, at };
  } catch (error: unknown) {
    throw error instanceof UsageError ? error : new UsageError(describe(error), { cause: error });
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(`cannot read ${what} ${path}: ${describe(error)}`, { cause: error });
  }
}

/** Checkpoints from a directory of files, or one JSON file (`{items: [...]}`, an array, or one checkpoint). */
async function readCheckpoints(path: string): Promise<{ checkpoints: Checkpoint[]; malformed: string[] }> {
  const isDirectory = (await stat(path).catch(() => undefined))?.isDirectory() === true;
  const sources: [string, unknown][] = [];
  const malformed: string[] = [];
  const parse = (name: string, text: string) => {
    try {
      const json: unknown = JSON.parse(text);
      const items = Array.isArray(json) ? json : typeof json === 'object' && json !== null && 'items' in json ? json.items : [json];
      for (const [index, item] of (Array.isArray(items) ? items : [items]).entries()) sources.push([`${name}#${index}`, item]);
    } catch {
      malformed.push(name);
    }
  };
  if (isDirectory) {
    for (const name of (await readdir(path)).filter((file) => file.endsWith('.json')).sort()) {
      parse(name, await readText(join(path, name), 'checkpoint'));
    }
  } else parse(path, await readText(path, 'checkpoints'));
  const checkpoints: Checkpoint[] = [];
  for (const [name, item] of sources) {
    const parsed = checkpointSchema.safeParse(item);
    if (parsed.success) checkpoints.push(parsed.data);
    else malformed.push(name);
  }
  return { checkpoints, malformed };
}

async function firstEntry(file: string) {
  const handle = await open(file);
  try {
    for await (const line of ndjsonLines(handle.createReadStream())) return ndjsonLineToEntry(line, 1);
    return undefined;
  } catch {
    // An unreadable first line: the full pass reports it, with its line number.
    return undefined;
  } finally {
    await handle.close();
  }
}

function invalid(file: string, seq: number, reason: string): number {
  console.log(`INVALID  ${file}\n  first invalid: seq ${seq}: ${reason}`);
  return 1;
}

async function main(): Promise<number> {
  const options = parseOptions();
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(options.file);
    if (!(await handle.stat()).isFile()) throw new Error('not a regular file');
  } catch (error: unknown) {
    throw new UsageError(`cannot read ${options.file}: ${describe(error)}`, { cause: error });
  }

  let check: CheckpointCheck | undefined;
  let anchor: { seq: number; hash: string } | undefined;
  const first = await firstEntry(options.file);
  if (options.checkpoints !== undefined && options.publicKey !== undefined) {
    let keys: CheckpointKeys;
    try {
      keys = checkpointKeysFrom(await readText(options.publicKey, 'public key'));
    } catch (error: unknown) {
      throw error instanceof UsageError ? error : new UsageError(`${options.publicKey}: ${describe(error)}`, { cause: error });
    }
    const archived = await readCheckpoints(options.checkpoints);
    const tenant = first?.tenant ?? archived.checkpoints[0]?.tenant ?? '';
    check = checkpointCheck({ tenant, archived, keys, now: options.at, retentionDays: options.retentionDays });
    if (check.refusal !== undefined) return invalid(options.file, check.refusal.seq, check.refusal.reason);
    const start = check.start(first?.seq ?? 1);
    if (start.refusal !== undefined) return invalid(options.file, start.refusal.seq, start.refusal.reason);
    anchor = start.anchor;
  }

  const started = performance.now();
  let result: ExportVerifyResult;
  try {
    const lines = ndjsonLines(handle.createReadStream());
    const accept = check?.accept;
    result = await verifyNdjsonLines(lines, {
      ...(anchor === undefined ? {} : { anchor }),
      ...(first === undefined ? {} : { tenant: first.tenant }),
      ...(accept === undefined ? {} : { check: accept }),
    });
  } catch (error: unknown) {
    throw new UsageError(`cannot read ${options.file}: ${describe(error)}`, { cause: error });
  } finally {
    await handle.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const cut = result.valid ? check?.finish(result.head?.seq ?? 0) : undefined;
  if (cut !== undefined) return invalid(options.file, cut.seq, cut.reason);

  const head = result.head === undefined ? 'none (empty export)' : `seq ${result.head.seq}, hash ${result.head.hash}`;
  const anchoredBy =
    check === undefined
      ? 'the genesis hash (seq 1); no checkpoints given'
      : `${check.checkpoints.length} signed checkpoints${anchor === undefined ? '' : `, from seq ${anchor.seq}`} (signatures valid)`;
  if (result.valid) {
    const rate = seconds > 0 ? `, ${Math.round(result.checked / seconds).toLocaleString('en-US')} entries/s` : '';
    console.log(
      `VALID  ${options.file}\n  entries verified: ${result.checked} in ${seconds.toFixed(2)} s${rate}\n  head: ${head}\n  anchored by: ${anchoredBy}`,
    );
    return 0;
  }
  const bad = result.firstInvalid;
  const where = bad === undefined ? '' : `seq ${bad.seq}${bad.line === undefined ? '' : ` (line ${bad.line})`}: ${bad.reason}`;
  console.log(
    `INVALID  ${options.file}\n  first invalid: ${where}\n  entries verified before it: ${result.checked}\n  last proven head: ${head}`,
  );
  return 1;
}

try {
  process.exitCode = await main();
} catch (error: unknown) {
  // Anything but a verdict exits 2: exit 1 must only ever mean "the export is not intact".
  console.error(error instanceof UsageError ? `audit-verify: ${error.message}\n${USAGE}` : error);
  process.exitCode = 2;
}
