/**
 * Verifies a tenant's chain, as stored now, against the checkpoints in the archive (outside the
 * audit table, signed with a key the verifier does not hold): a chain rewritten from scratch
 * still links but no longer matches them, and entries cut from either end, or checkpoints
 * deleted, show too (domain/audit/checkpoint-check.ts).
 */
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import type { CheckpointKeys } from '../../domain/audit/checkpoint.ts';
import type { CheckpointArchive } from '../../domain/audit/checkpoint-archive.ts';
import { checkpointCheck } from '../../domain/audit/checkpoint-check.ts';
import { verifyChain } from '../../domain/audit/verify-chain.ts';
import { chainEntries } from './read-audit.ts';

export interface VerifyAuditDeps {
  readonly store: AuditStore;
  readonly archive: CheckpointArchive;
  readonly keys: CheckpointKeys;
  readonly now?: () => Date;
}

export interface AuditVerdict {
  readonly valid: boolean;
  readonly checked: number;
  readonly head?: { readonly seq: number; readonly hash: string };
  readonly firstInvalid?: { readonly seq: number; readonly reason: string };
  /** Signed checkpoints the chain was held against. */
  readonly checkpoints: number;
}

export async function verifyAudit(deps: VerifyAuditDeps, tenant: string, retentionDays: number): Promise<AuditVerdict> {
  const now = (deps.now ?? (() => new Date()))();
  const check = checkpointCheck({ tenant, archived: await deps.archive.list(tenant), keys: deps.keys, now, retentionDays });
  const summary = { checkpoints: check.checkpoints.length };
  const invalid = (firstInvalid: { seq: number; reason: string }): AuditVerdict => ({ valid: false, checked: 0, firstInvalid, ...summary });
  if (check.refusal !== undefined) return invalid(check.refusal);

  const head = await deps.store.head(tenant);
  const [first] = await deps.store.entries(tenant, 0, 1);
  if (head === undefined || first === undefined) {
    const cut = check.finish(0);
    return cut === undefined ? { valid: true, checked: 0, ...summary } : invalid(cut);
  }
  const start = check.start(first.seq);
  if (start.refusal !== undefined) return invalid(start.refusal);
  const verdict = await verifyChain(chainEntries(deps.store, tenant, first.seq - 1, head.seq), {
    tenant,
    ...(start.anchor === undefined ? {} : { anchor: start.anchor }),
    check: (entry) => check.accept(entry),
  });
  if (!verdict.valid) return { ...verdict, ...summary };
  const end = verdict.head;
  if (end?.seq !== head.seq || end.hash !== head.hash) {
    const seq = (end?.seq ?? 0) + 1;
    return {
      ...verdict,
      ...summary,
      valid: false,
      firstInvalid: { seq, reason: `the chain ends at seq ${seq - 1}, but its head says ${head.seq} (entries deleted?)` },
    };
  }
  const cut = check.finish(head.seq);
  return cut === undefined ? { ...verdict, ...summary } : { ...verdict, ...summary, valid: false, firstInvalid: cut };
}
