/**
 * Verifies an NDJSON audit export offline, without the service, streaming it line by line (never
 * holding the file in memory).
 *   npm run audit:verify -- --file export.ndjson [--checkpoint cp.json --key-env AUDIT_CHECKPOINT_KEY]
 * Exit codes: 0 valid; 1 invalid (names the first bad seq and line); 2 usage error or unreadable input.
 */
import { open, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Checkpoint, checkpointSchema, checkpointValid } from '../shared/domain/audit/checkpoint.ts';
import { ndjsonLines } from '../shared/domain/audit/export-format.ts';
import { type ExportVerifyResult, verifyNdjsonLines } from '../shared/domain/audit/verify-chain.ts';

const USAGE = `usage: npm run audit:verify -- --file export.ndjson [--checkpoint checkpoint.json [--key-env AUDIT_CHECKPOINT_KEY]]
  --file        the NDJSON export to verify (one canonical JSON entry per line, in seq order)
  --checkpoint  a signed checkpoint the chain must pass through (needed once old entries have expired)
  --key-env     the environment variable holding the checkpoint's HMAC key (default AUDIT_CHECKPOINT_KEY)`;

class UsageError extends Error {
  override name = 'UsageError';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: { file: { type: 'string' }, checkpoint: { type: 'string' }, 'key-env': { type: 'string' }, help: { type: 'boolean' } },
    });
    if (values.help === true) {
      console.log(USAGE);
      process.exit(0);
    }
    if (values.file === undefined) throw new UsageError('--file is required');
    if (values['key-env'] !== undefined && values.checkpoint === undefined) throw new UsageError('--key-env needs --checkpoint');
    return { file: values.file, checkpoint: values.checkpoint, keyEnv: values['key-env'] ?? 'AUDIT_CHECKPOINT_KEY' };
  } catch (error: unknown) {
    throw new UsageError(describe(error), { cause: error });
  }
}

async function readCheckpoint(path: string): Promise<Checkpoint> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error: unknown) {
    throw new UsageError(`cannot read checkpoint ${path}: ${describe(error)}`, { cause: error });
  }
  const parsed = checkpointSchema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(`${path} is not a checkpoint: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function main(): Promise<number> {
  const options = parseOptions();
  let checkpoint: Checkpoint | undefined;
  if (options.checkpoint !== undefined) {
    checkpoint = await readCheckpoint(options.checkpoint);
    const key = process.env[options.keyEnv];
    if (key === undefined || key === '') throw new UsageError(`the checkpoint key variable ${options.keyEnv} is not set`);
    let signed: boolean;
    try {
      signed = checkpointValid(checkpoint, key);
    } catch (error: unknown) {
      throw new UsageError(`${options.keyEnv}: ${describe(error)}`, { cause: error });
    }
    if (!signed) {
      console.log(`INVALID  ${options.checkpoint}\n  the checkpoint's signature does not match (wrong key, or the checkpoint was edited)`);
      return 1;
    }
  }

  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(options.file);
    if (!(await handle.stat()).isFile()) throw new Error('not a regular file');
  } catch (error: unknown) {
    throw new UsageError(`cannot read ${options.file}: ${describe(error)}`, { cause: error });
  }
  const started = performance.now();
  let result: ExportVerifyResult;
  try {
    const lines = ndjsonLines(handle.createReadStream());
    result = await verifyNdjsonLines(lines, checkpoint === undefined ? {} : { anchor: checkpoint, tenant: checkpoint.tenant });
  } catch (error: unknown) {
    throw new UsageError(`cannot read ${options.file}: ${describe(error)}`, { cause: error });
  } finally {
    await handle.close();
  }
  const seconds = (performance.now() - started) / 1000;

  const head = result.head === undefined ? 'none (empty export)' : `seq ${result.head.seq}, hash ${result.head.hash}`;
  const anchoredBy =
    checkpoint === undefined
      ? 'the genesis hash (seq 1)'
      : `checkpoint seq ${checkpoint.seq} of tenant ${checkpoint.tenant} at ${checkpoint.time} (signature valid)`;
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
