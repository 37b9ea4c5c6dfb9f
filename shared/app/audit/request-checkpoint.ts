/** A checkpoint on demand: the writer signs (or finds the head already covered), the API reads it back. */
import type { Checkpoint } from '../../domain/audit/checkpoint.ts';
import type { CheckpointArchive } from '../../domain/audit/checkpoint-archive.ts';
import type { CheckpointRequester } from '../../domain/audit/checkpoint-requester.ts';
import { ConflictError } from '../../domain/errors.ts';

export async function requestCheckpoint(
  deps: { readonly archive: CheckpointArchive; readonly requestCheckpoint: CheckpointRequester },
  tenant: string,
): Promise<{ readonly checkpoint: Checkpoint; readonly written: boolean }> {
  const run = await deps.requestCheckpoint(tenant);
  if (run.refused.includes(tenant)) {
    throw new ConflictError('The chain does not follow from its last checkpoint, so it was not signed: run GET /v1/audit/verify');
  }
  const checkpoint = await deps.archive.latest(tenant);
  if (checkpoint === undefined) throw new ConflictError('The audit log of this tenant is empty: there is nothing to sign yet');
  return { checkpoint, written: run.written > 0 };
}
