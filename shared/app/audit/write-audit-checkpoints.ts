/**
 * Daily: a signed checkpoint of every tenant's chain head (seq, hash, time; HMAC-SHA256), so
 * the chain still verifies from the oldest retained checkpoint once older entries expire.
 */

import type { AuditStore } from '../../domain/audit/audit-store.ts';
import { signCheckpoint } from '../../domain/audit/checkpoint.ts';

export async function writeAuditCheckpoints(store: AuditStore, key: string, now = new Date()): Promise<number> {
  let written = 0;
  for await (const head of store.heads()) {
    await store.saveCheckpoint(signCheckpoint({ tenant: head.tenant, seq: head.seq, hash: head.hash, time: now.toISOString() }, key));
    written++;
  }
  return written;
}
