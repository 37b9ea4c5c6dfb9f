import { type Checkpoint, checkpointSchema } from './checkpoint.ts';

/** What the archive holds for a tenant: its checkpoints, and anything there that is not one. */
export interface ArchivedCheckpoints {
  /** Oldest first. */
  readonly checkpoints: readonly Checkpoint[];
  /** Names of archived objects that are not valid checkpoints: a verification failure, never skipped. */
  readonly malformed: readonly string[];
}

/**
 * Where signed checkpoints live, outside the audit table: S3 with Object Lock in the cloud, a
 * directory locally. Write once: a checkpoint for a tenant and seq is never replaced.
 */
export interface CheckpointArchive {
  save(checkpoint: Checkpoint): Promise<void>;
  list(tenant: string): Promise<ArchivedCheckpoints>;
  /** The tenant's newest checkpoint, read alone (the hourly job needs no other); undefined when none or unreadable. */
  latest(tenant: string): Promise<Checkpoint | undefined>;
}

/** The object name of a checkpoint: per tenant, sorting by seq. */
export function checkpointName(tenant: string, seq: number): string {
  return `tenants/${tenant}/checkpoints/${String(seq).padStart(16, '0')}.json`;
}

/**
 * The checkpoint an archived object holds, or undefined when it is not a valid checkpoint of
 * this tenant stored under its own name (a renamed or edited object counts as malformed).
 */
export function archivedCheckpoint(tenant: string, name: string, text: string): Checkpoint | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = checkpointSchema.safeParse(json);
  if (!parsed.success || parsed.data.tenant !== tenant || checkpointName(tenant, parsed.data.seq) !== name) return undefined;
  return parsed.data;
}
