/**
 * Holding a chain to its archived, signed checkpoints, so that what a chain alone cannot show
 * (a rewrite from scratch, entries cut from either end) shows:
 *
 * - every archived object must be a checkpoint of this tenant, signed by a trusted key;
 * - an entry a checkpoint names must have the checkpoint's hash (rewritten otherwise);
 * - no checkpoint may name a seq past the chain's end (entries cut from the end);
 * - missing oldest entries need a checkpoint to verify from, and must be old enough to have
 *   expired: the checkpoints around them bound when they were written;
 * - every entry older than MAX_UNANCHORED_MS must be covered by a checkpoint (one at its seq or
 *   later: the chain links it to that checkpoint's hash). Deleting the newest checkpoints, or a
 *   checkpoint job that stopped, leaves old entries uncovered and shows. Checkpoints deleted in
 *   the middle change nothing: a later one still covers what they did.
 *
 * Pure: the API's verify route and the offline verifier (scripts/audit-verify.ts) share it.
 */
import type { AuditEntry } from './audit-event.ts';
import { type Checkpoint, type CheckpointKeys, checkpointRefusal } from './checkpoint.ts';
import type { ArchivedCheckpoints } from './checkpoint-archive.ts';
import type { ChainHead } from './hash-chain.ts';

/** The checkpoint job runs hourly; an entry older than this that no checkpoint covers is a failure. */
export const MAX_UNANCHORED_MS = 2 * 3600_000;
/** How long the checkpoint job may take between reading a head and signing it. */
const JOB_MS = 15 * 60_000;

export interface Refusal {
  readonly seq: number;
  readonly reason: string;
}

export interface CheckpointCheckOptions {
  readonly tenant: string;
  readonly archived: ArchivedCheckpoints;
  readonly keys: CheckpointKeys;
  readonly now: Date;
  /** The tenant's retention: entries missing at the start must be at least this old. */
  readonly retentionDays: number;
}

export interface CheckpointCheck {
  /** Why the checkpoints themselves fail, before any entry is read. */
  readonly refusal?: Refusal;
  readonly checkpoints: readonly Checkpoint[];
  /** The checkpoint to verify from when the chain starts at `firstSeq`, or why it cannot start there. */
  start(firstSeq: number): { readonly anchor?: ChainHead; readonly refusal?: Refusal };
  /** Each entry in seq order: why it fails against the checkpoints, if it does. */
  accept(entry: AuditEntry): string | undefined;
  /** Once the chain ended at `lastSeq` (0 when empty): a checkpoint past it means entries were cut. */
  finish(lastSeq: number): Refusal | undefined;
}

export function checkpointCheck(options: CheckpointCheckOptions): CheckpointCheck {
  const { archived, keys, tenant, now } = options;
  const checkpoints = [...archived.checkpoints].sort((a, b) => a.seq - b.seq);
  const refusal = refusalOf(archived, checkpoints, keys, tenant);
  const bySeq = new Map(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint]));
  const latest = checkpoints.at(-1);
  return {
    refusal,
    checkpoints,
    start(firstSeq) {
      if (firstSeq <= 1) return {};
      const anchor = checkpoints.find((checkpoint) => checkpoint.seq >= firstSeq - 1);
      if (anchor === undefined) {
        return { refusal: { seq: firstSeq, reason: `entries before seq ${firstSeq} are missing and no checkpoint covers them` } };
      }
      // When were the missing entries written? After the head the latest checkpoint before them
      // read (its time, less the job's run); without one, all we know is that they were before
      // the anchor, so only an anchor older than the retention proves they could have expired.
      const before = checkpoints.filter((checkpoint) => checkpoint.seq < firstSeq - 1).at(-1);
      const youngest = before === undefined ? Date.parse(anchor.time) : Date.parse(before.time) - JOB_MS;
      if (youngest + options.retentionDays * 86_400_000 > now.getTime()) {
        const signed = before ?? anchor;
        return {
          refusal: {
            seq: firstSeq,
            reason: `entries before seq ${firstSeq} are missing, but the checkpoint signed at ${signed.time} shows they are younger than the ${options.retentionDays}-day retention (deleted, not expired)`,
          },
        };
      }
      return { anchor: { seq: anchor.seq, hash: anchor.hash } };
    },
    accept(entry) {
      const checkpoint = bySeq.get(entry.seq);
      if (checkpoint !== undefined && checkpoint.hash !== entry.hash) {
        return `entry ${entry.seq} differs from the checkpoint signed at ${checkpoint.time} (rewritten?)`;
      }
      if (now.getTime() - Date.parse(entry.time) <= MAX_UNANCHORED_MS) return undefined;
      if (latest === undefined || latest.seq < entry.seq) {
        const hours = MAX_UNANCHORED_MS / 3600_000;
        return `entry ${entry.seq} of ${entry.time} is over ${hours} h old and no checkpoint covers it (checkpoints deleted, or the checkpoint job stopped)`;
      }
      return undefined;
    },
    finish(lastSeq) {
      const beyond = checkpoints.find((checkpoint) => checkpoint.seq > lastSeq);
      if (beyond === undefined) return undefined;
      return {
        seq: lastSeq + 1,
        reason: `the checkpoint signed at ${beyond.time} names seq ${beyond.seq}, past the chain's end at ${lastSeq} (entries deleted?)`,
      };
    },
  };
}

function refusalOf(archived: ArchivedCheckpoints, checkpoints: readonly Checkpoint[], keys: CheckpointKeys, tenant: string) {
  const [malformed] = archived.malformed;
  if (malformed !== undefined) return { seq: 0, reason: `the archived object ${malformed} is not a valid checkpoint of this tenant` };
  for (const checkpoint of checkpoints) {
    if (checkpoint.tenant !== tenant) return { seq: checkpoint.seq, reason: `the checkpoint at seq ${checkpoint.seq} is another tenant's` };
    const bad = checkpointRefusal(checkpoint, keys);
    if (bad !== undefined) return { seq: checkpoint.seq, reason: `the checkpoint at seq ${checkpoint.seq}: ${bad}` };
  }
  return undefined;
}
