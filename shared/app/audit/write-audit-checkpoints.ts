/**
 * Hourly: a signed checkpoint of every tenant's chain head whose head moved, archived outside the
 * audit table. The chain since the tenant's last checkpoint is verified first: a head that does
 * not follow from it (a rewrite since) is never signed, and the tenant is reported instead.
 */
import type { KeyObject } from 'node:crypto';
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import { signCheckpoint } from '../../domain/audit/checkpoint.ts';
import type { CheckpointArchive } from '../../domain/audit/checkpoint-archive.ts';
import { verifyChain } from '../../domain/audit/verify-chain.ts';
import type { Log } from '../../domain/log.ts';
import { chainEntries } from './read-audit.ts';

export interface CheckpointWriterDeps {
  readonly store: AuditStore;
  readonly archive: CheckpointArchive;
  /** Ed25519; only this job holds it. */
  readonly privateKey: KeyObject;
  readonly log: Log;
}

export interface CheckpointRun {
  readonly written: number;
  readonly unchanged: number;
  /** Tenants whose chain did not follow from their last checkpoint: not signed. */
  readonly refused: readonly string[];
}

/** One tenant's head (on demand), or every tenant's (the hourly run). */
async function* headsOf(store: AuditStore, tenant: string | undefined) {
  if (tenant === undefined) {
    yield* store.heads();
    return;
  }
  const head = await store.head(tenant);
  if (head !== undefined) yield { tenant, ...head };
}

export async function writeAuditCheckpoints(deps: CheckpointWriterDeps, now = new Date(), tenant?: string): Promise<CheckpointRun> {
  let written = 0;
  let unchanged = 0;
  const refused: string[] = [];
  for await (const head of headsOf(deps.store, tenant)) {
    const last = await deps.archive.latest(head.tenant);
    if (last?.seq === head.seq && last.hash === head.hash) {
      unchanged++;
      continue;
    }
    const from = last === undefined ? 0 : last.seq;
    const options = last === undefined ? { tenant: head.tenant } : { tenant: head.tenant, from: { seq: last.seq, hash: last.hash } };
    const verdict = await verifyChain(chainEntries(deps.store, head.tenant, from, head.seq), options);
    if (!verdict.valid || verdict.head?.seq !== head.seq || verdict.head.hash !== head.hash) {
      refused.push(head.tenant);
      deps.log.error('audit chain does not follow from its last checkpoint: not signed', {
        tenant: head.tenant,
        lastCheckpoint: last?.seq ?? 0,
        head: head.seq,
        firstInvalid: verdict.firstInvalid,
      });
      continue;
    }
    await deps.archive.save(
      signCheckpoint({ tenant: head.tenant, seq: head.seq, hash: head.hash, time: now.toISOString() }, deps.privateKey),
    );
    written++;
  }
  return { written, unchanged, refused };
}
