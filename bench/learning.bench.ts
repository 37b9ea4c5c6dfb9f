/**
 * npm run bench:learning — how soon a correction routes the tenant's next alerts, on the local
 * stack: for each of several products the shipped model never saw, an alert is triaged and
 * corrected, then alerts of the same product are sent every 250 ms until one is decided by what
 * the correction taught. Prints the time from the correction (its `at`) to that decision
 * (`decidedAt`), and how many alerts were decided without it meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAlertgate } from '../scripts/local/alertgate-local.ts';
import { mintDevToken } from '../scripts/local/dev-keys.ts';

type Json = Record<string, unknown>;
const ROUNDS = 6;
const root = join(import.meta.dirname, '..');
const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-bench-keys-'));
const alertgate = await startLocalAlertgate({ root, stage: 'benchlearn', keysDir });
const token = await mintDevToken(alertgate.keys, { tenant: 'bench-learning', roles: ['ingest', 'responder'], subject: 'alice' });
const api = async (method: string, path: string, json?: unknown): Promise<{ status: number; body: Json }> => {
  const response = await fetch(`${alertgate.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Json };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(alert: Json): Promise<string> {
  const posted = await api('POST', '/v1/webhooks/generic', alert);
  if (posted.status !== 202) throw new Error(`webhook answered ${posted.status}`);
  return (posted.body.alerts as { id: string }[])[0]?.id ?? '';
}

async function decision(id: string): Promise<Json> {
  for (;;) {
    const triage = (await api('GET', `/v1/alerts/${id}`)).body.triage as Json;
    if (triage.state === 'decided') return triage.decision as Json;
    await sleep(100);
  }
}

const percentile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
const delays: number[] = [];
const missed: number[] = [];
const triage: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Made-up product names: words the shipped model has never seen.
    const product = `Quillmesh${String.fromCharCode(97 + round)}`;
    const sent = performance.now();
    const first = await post({
      name: `${product}MemoryHigh`,
      summary: `${product} memory usage above 90%`,
      labels: { job: product.toLowerCase() },
    });
    await decision(first);
    triage.push(performance.now() - sent);
    const made = await api('POST', `/v1/alerts/${first}/corrections`, { category: 'Databases', service: product, team: 'search' });
    if (made.status !== 201) throw new Error(`correction answered ${made.status}`);
    const correctedAt = Date.parse(String(made.body.at));
    const pending: Promise<Json>[] = [];
    let without = 0;
    for (let n = 0; ; n++) {
      pending.push(
        post({ name: `${product}NodeDown`, summary: `${product} node down`, labels: { instance: `${product}-${n}` } }).then(decision),
      );
      const settled = await Promise.all(pending.splice(0));
      const learned = settled.find((d) => (d.decidedBy as Json).kind === 'learned');
      without += settled.filter((d) => (d.decidedBy as Json).kind !== 'learned').length;
      if (learned !== undefined) {
        delays.push(Date.parse(String(learned.decidedAt)) - correctedAt);
        missed.push(without);
        break;
      }
      await sleep(250);
    }
  }
  console.log(`Learning from corrections on the local stack, ${ROUNDS} products the shipped model never saw:`);
  console.log(
    `  correction → first decision using it: ${delays.map((ms) => `${ms} ms`).join(', ')} (p50 ${percentile(delays, 0.5)} ms, max ${Math.max(...delays)} ms)`,
  );
  console.log(`  alerts decided without it meanwhile: ${missed.join(', ')} (models are read again every 2 s per instance)`);
  console.log(`  webhook → decision, for contrast: p50 ${percentile(triage, 0.5).toFixed(0)} ms (the local SQS poller runs every second)`);
} finally {
  await alertgate.stop();
  rmSync(keysDir, { recursive: true, force: true });
}
