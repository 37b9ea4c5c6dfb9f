/**
 * npm run bench:audit — the audit writer's append (read head, hash, transaction on the head), in
 * process, on DynamoDB Local: entries/s for one tenant (appends in order, as its FIFO message group
 * delivers them) and across 10 tenants appending at once; then verification speed.
 */

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../scripts/local/local-aws.ts';
import { startLocalStack } from '../scripts/local/local-stack.ts';
import { DynamoAuditStore } from '../shared/adapters/dynamodb/dynamo-audit-store.ts';
import { appendAuditEvents } from '../shared/app/audit/append-audit-event.ts';
import { verifyAudit } from '../shared/app/audit/verify-audit.ts';
import type { AuditEvent } from '../shared/domain/audit/audit-event.ts';

const stage = 'benchaudit';
const stack = await startLocalStack({ root: join(import.meta.dirname, '..'), stage });
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.region, credentials: LOCAL_CREDENTIALS }),
);
const store = new DynamoAuditStore(client, `alertgate-${stage}-audit`);

function event(tenant: string, n: number): AuditEvent {
  return {
    eventId: `${tenant}:${n}`,
    tenant,
    time: new Date().toISOString(),
    type: n % 2 === 0 ? 'alert.received' : 'triage.decided',
    actor: n % 2 === 0 ? 'integration-key:0123456789abcdef' : 'system',
    subjects: { alertId: `alert-${n % 50}` },
    correlationId: `corr-${n}`,
    data: { source: 'alertmanager', name: 'KubePodCrashLooping', revision: 1, severity: 'warning' },
  };
}

/** Appends in FIFO batches of 10 (what the writer gets from its tenant's message group); ms per entry. */
async function appendInOrder(tenant: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let n = 0; n < count; n += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - n) }, (_, i) => event(tenant, n + i));
    const t0 = performance.now();
    await appendAuditEvents(store, batch);
    latencies.push((performance.now() - t0) / batch.length);
  }
  return latencies;
}

const BATCH = 10;

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

try {
  await appendInOrder('warmup', 300);
  const rows = [];
  for (const tenants of [1, 10]) {
    const perTenant = tenants === 1 ? 1500 : 300;
    const started = performance.now();
    const lanes = await Promise.all(Array.from({ length: tenants }, (_, t) => appendInOrder(`t${tenants}-${t}`, perTenant)));
    const seconds = (performance.now() - started) / 1000;
    const all = lanes.flat().sort((a, b) => a - b);
    const entries = tenants * perTenant;
    rows.push({
      tenants,
      entries,
      'entries/s (all)': Math.round(entries / seconds),
      'entries/s per tenant': Math.round(perTenant / seconds),
      'p50 ms/entry (batches of 10)': Number(p(all, 0.5).toFixed(2)),
      'p99 ms/entry (batches of 10)': Number(p(all, 0.99).toFixed(2)),
    });
  }
  const verifyStarted = performance.now();
  // No checkpoints yet (the entries are minutes old): the verify time is the chain's.
  const archive = { save: async () => {}, list: async () => ({ checkpoints: [], malformed: [] }), latest: async () => undefined };
  const verdict = await verifyAudit({ store, archive, keys: new Map() }, 't1-0', 365);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  console.log(
    `\nAudit benchmark — in-process writer (FIFO batches of 10) on DynamoDB Local, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.table(rows);
  console.log(
    `verify (read from DynamoDB Local and recompute): ${verdict.checked} entries in ${verifySeconds.toFixed(2)} s = ${Math.round(verdict.checked / verifySeconds)} entries/s, valid=${verdict.valid}`,
  );
} finally {
  await stack.stop();
}
