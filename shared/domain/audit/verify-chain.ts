/**
 * Proving a chain: every entry's content matches its hash, links to its predecessor's hash, and
 * follows it in seq without a gap. Entries stream through, so a large export is never held at once.
 */
import type { AuditEntry } from './audit-event.ts';
import { ExportLineError, ndjsonLineToEntry } from './export-format.ts';
import { type ChainHead, entryHash, GENESIS_HASH } from './hash-chain.ts';

export interface VerifyOptions {
  /** Resume after a checkpoint: the first entry must be `from.seq + 1` and link to `from.hash`. */
  readonly from?: ChainHead;
  /**
   * A trusted checkpoint the chain must pass through: the entry at `anchor.seq` must have
   * `anchor.hash`, or the chain must start right after it and link to it. The chain may start
   * earlier (entries still retained before the checkpoint are proven through it) but not end before
   * it. Use it to verify an export whose oldest entries outlived the oldest retained checkpoint.
   */
  readonly anchor?: ChainHead;
  /** The tenant every entry must belong to (default: the first entry's). */
  readonly tenant?: string;
  /** A further rule for each entry whose chain holds (its checkpoints): returns why it fails. */
  readonly check?: (entry: AuditEntry) => string | undefined;
}

export interface VerifyResult {
  readonly valid: boolean;
  /** Entries proven, before the first invalid one if any. */
  readonly checked: number;
  /** The last proven entry (or the checkpoint, when none was). */
  readonly head?: ChainHead;
  readonly firstInvalid?: { readonly seq: number; readonly reason: string };
}

/**
 * Verifies entries given in seq order, stopping at the first invalid one.
 *
 * Without `from` or `anchor` the chain must start at seq 1 on the genesis hash. A chain alone
 * cannot reveal entries removed from or appended to its end: check its head against a signed
 * checkpoint (`anchor`) for that.
 *
 * @example
 * const { valid, firstInvalid } = await verifyChain(entries);
 * // firstInvalid: { seq: 7, reason: 'seq 7 follows 5 (deleted or reordered entries)' }
 */
export async function verifyChain(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const verifier = new ChainVerifier(options);
  for await (const entry of entries) {
    const reason = verifier.accept(entry);
    if (reason !== undefined) return verifier.invalid(entry.seq, reason);
  }
  return verifier.finish();
}

/** A verification of NDJSON lines: the result, and the line of the first invalid entry when it has one. */
export interface ExportVerifyResult extends VerifyResult {
  readonly firstInvalid?: { readonly seq: number; readonly reason: string; readonly line?: number };
}

/**
 * Verifies an NDJSON export line by line: an undecodable or non-canonical line makes the export
 * invalid at that line.
 *
 * @example await verifyNdjsonLines(ndjsonLines(createReadStream(file)))
 */
export async function verifyNdjsonLines(
  lines: Iterable<string> | AsyncIterable<string>,
  options: VerifyOptions = {},
): Promise<ExportVerifyResult> {
  let line = 0;
  let yielded = 0;
  let decodeError: ExportLineError | undefined;
  async function* decoded(): AsyncGenerator<AuditEntry> {
    try {
      for await (const text of lines) {
        line += 1;
        const entry = ndjsonLineToEntry(text, line);
        yielded += 1;
        yield entry;
      }
    } catch (error: unknown) {
      // From decoding a line, or from splitting the bytes into lines (not UTF-8, too long).
      if (!(error instanceof ExportLineError)) throw error;
      decodeError = error;
    }
  }
  const result = await verifyChain(decoded(), options);
  if (decodeError !== undefined) {
    const seq = decodeError.seq ?? (result.head?.seq ?? 0) + 1;
    return { ...result, valid: false, firstInvalid: { seq, reason: decodeError.reason, line: decodeError.line } };
  }
  // Verification stops at the invalid entry, so it is on the last line read, unless the chain as a whole fell short.
  if (result.firstInvalid !== undefined && result.checked < yielded) {
    return { ...result, firstInvalid: { ...result.firstInvalid, line } };
  }
  return result;
}

class ChainVerifier {
  readonly #from: ChainHead | undefined;
  readonly #anchor: ChainHead | undefined;
  #tenant: string | undefined;
  #last: ChainHead | undefined;
  #checked = 0;
  #anchorReached: boolean;
  readonly #check: VerifyOptions['check'];

  constructor({ from, anchor, tenant, check }: VerifyOptions) {
    this.#check = check;
    if (from !== undefined && anchor !== undefined) throw new TypeError('verifyChain takes `from` or `anchor`, not both');
    this.#from = from;
    this.#anchor = anchor;
    this.#tenant = tenant;
    this.#anchorReached = anchor === undefined;
  }

  /** Checks the next entry; returns why it is invalid, or records it as proven. */
  accept(entry: AuditEntry): string | undefined {
    let hash: string;
    try {
      hash = entryHash(entry);
    } catch (error: unknown) {
      if (!(error instanceof TypeError)) throw error;
      return `content has no canonical JSON form, so it cannot be what was hashed (${error.message})`;
    }
    if (hash !== entry.hash) return 'hash does not match its content (edited?)';
    const reason = this.#last === undefined ? this.#startProblem(entry) : this.#linkProblem(this.#last, entry);
    if (reason !== undefined) return reason;
    if (this.#tenant === undefined) this.#tenant = entry.tenant;
    else if (entry.tenant !== this.#tenant)
      return `tenant ${JSON.stringify(entry.tenant)} is not the chain's tenant ${JSON.stringify(this.#tenant)}`;
    const anchor = this.#anchor;
    if (anchor !== undefined && entry.seq === anchor.seq) {
      if (entry.hash !== anchor.hash) return `hash differs from the checkpoint's hash at seq ${anchor.seq} (chain rewritten?)`;
      this.#anchorReached = true;
    }
    const checked = this.#check?.(entry);
    if (checked !== undefined) return checked;
    this.#last = { seq: entry.seq, hash: entry.hash };
    this.#checked += 1;
    return undefined;
  }

  invalid(seq: number, reason: string): VerifyResult {
    return { valid: false, checked: this.#checked, head: this.#head(), firstInvalid: { seq, reason } };
  }

  finish(): VerifyResult {
    const last = this.#last;
    if (!this.#anchorReached && last !== undefined && this.#anchor !== undefined) {
      return this.invalid(
        last.seq + 1,
        `chain ends at seq ${last.seq}, before the checkpoint at seq ${this.#anchor.seq} (entries deleted?)`,
      );
    }
    return { valid: true, checked: this.#checked, head: this.#head() };
  }

  #head(): ChainHead | undefined {
    return this.#last ?? this.#from ?? this.#anchor;
  }

  #startProblem(entry: AuditEntry): string | undefined {
    const from = this.#from ?? this.#anchor;
    if (from !== undefined && (this.#from !== undefined || entry.seq > from.seq)) {
      if (entry.seq > from.seq + 1) {
        return `chain starts at seq ${entry.seq}, not right after the checkpoint at seq ${from.seq} (entries ${from.seq + 1}–${entry.seq - 1} deleted?)`;
      }
      if (entry.seq !== from.seq + 1) return `chain starts at seq ${entry.seq}, not right after the checkpoint at seq ${from.seq}`;
      if (entry.prevHash !== from.hash) return `prevHash does not match the checkpoint's hash (seq ${from.seq})`;
      this.#anchorReached = true;
      return undefined;
    }
    if (from === undefined && entry.seq !== 1) return `chain starts at seq ${entry.seq}, not 1 (earlier entries deleted?)`;
    if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH) return 'prevHash of seq 1 is not the genesis hash';
    if (!Number.isSafeInteger(entry.seq) || entry.seq < 1) return `seq ${entry.seq} is not a positive integer`;
    return undefined;
  }

  #linkProblem(last: ChainHead, entry: AuditEntry): string | undefined {
    if (entry.seq !== last.seq + 1) {
      const why = entry.seq > last.seq + 1 ? 'deleted or reordered entries' : 'inserted, repeated or reordered entries';
      return `seq ${entry.seq} follows ${last.seq} (${why})`;
    }
    if (entry.prevHash !== last.hash) return `prevHash does not match entry ${last.seq}'s hash`;
    return undefined;
  }
}
