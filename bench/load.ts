/**
 * npm run load — drives the running local stack over HTTP with autocannon (loopback only, bounded
 * in time) and prints, per scenario, p50/p95/p99 latency, throughput and errors:
 *   1. sustained ingest: 100 requests/s of 10-alert Alertmanager notifications (1 new alert each);
 *   2. a spike: 500 requests/s at once;
 *   3. the console's hot reads (incidents, approvals) while ingest runs at 50 requests/s;
 *   4. 100 WebSocket subscribers (10 users × 10) told of one approval change.
 * And the local stack's memory (all its processes) across the sustained run.
 *   npm run load [-- --seconds 120] (the sustained run's length; the others are fixed)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startLocalAlertgate } from '../scripts/local/alertgate-local.ts';
import { mintDevToken } from '../scripts/local/dev-keys.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '120' } } });
const SUSTAINED_SECONDS = Math.min(600, Math.max(10, Number(values.seconds)));
const TENANT = 'load';

const root = join(import.meta.dirname, '..');
const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-load-keys-'));
// The operator's ceilings raised: the load is the system's, not one tenant's (429s would be deliberate).
const alertgate = await startLocalAlertgate({
  root,
  stage: 'load',
  keysDir,
  env: { LIMIT_TENANT_WEBHOOK_PER_MINUTE: '1000000', LIMIT_TENANT_API_PER_MINUTE: '1000000', LIMIT_PRINCIPAL_PER_MINUTE: '1000000' },
});
const token = (roles: string[], subject: string) => mintDevToken(alertgate.keys, { tenant: TENANT, roles: roles as never, subject });
const sender = await token(['ingest'], 'alertmanager-load');
const reader = await token(['viewer'], 'load-viewer');

let sequence = 0;
/** Ten crash-looping pods, nine of them repeated from a pool of 200 and one never seen. */
function notification(): string {
  sequence += 1;
  const pod = (n: number) => ({
    status: 'firing',
    labels: { alertname: 'KubePodCrashLooping', namespace: 'load', pod: `api-${n}-7d9f8b6c5d-x2kqp`, severity: 'warning' },
    annotations: { summary: `Pod api-${n} is crash looping` },
    startsAt: '2026-12-01T00:00:00Z',
  });
  const alerts = [...Array.from({ length: 9 }, (_, i) => pod((sequence * 9 + i) % 200)), pod(1000 + sequence)];
  return JSON.stringify({
    version: '4',
    status: 'firing',
    receiver: 'alertgate',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    alerts,
  });
}

const percentile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;

type Figures = {
  name: string;
  sent: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
};

function run(name: string, options: autocannon.Options): Promise<Figures> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      const errors =
        result.errors +
        result.timeouts +
        Object.entries(statuses)
          .filter(([s]) => s !== '429' && !s.startsWith('2'))
          .reduce((n, [, c]) => n + c, 0);
      resolve({
        name,
        sent: latencies.length,
        rps: Math.round(result.requests.average),
        p50: Math.round(percentile(latencies, 0.5)),
        p95: Math.round(percentile(latencies, 0.95)),
        p99: Math.round(percentile(latencies, 0.99)),
        errors,
        statuses,
      });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[String(statusCode)] = (statuses[String(statusCode)] ?? 0) + 1;
    });
  });
}

const ingest = (rate: number, seconds: number, connections: number): autocannon.Options => ({
  url: `${alertgate.baseUrl}/v1/webhooks/alertmanager`,
  method: 'POST',
  connections,
  overallRate: rate,
  duration: seconds,
  headers: { authorization: `Bearer ${sender}`, 'content-type': 'application/json' },
  requests: [{ setupRequest: (request) => ({ ...request, body: notification() }) }],
});

/** RSS of this process's descendants (the emulators, serverless offline and its workers), in MB. */
function stackMemoryMb(): number {
  const children = (pid: number): number[] => {
    try {
      return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
        readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
      );
    } catch {
      return [];
    }
  };
  const all: number[] = [];
  const queue = children(process.pid);
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    all.push(pid);
    queue.push(...children(pid));
  }
  let kb = 0;
  for (const pid of all) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return Math.round(kb / 1024);
}

async function subscribers(count: number): Promise<{ connected: number; told: number; p50: number; p95: number; max: number }> {
  const sockets: WebSocket[] = [];
  const heardAt: number[] = [];
  let changedAt = 0;
  for (let i = 0; i < count; i++) {
    const user = await token(['viewer'], `watcher-${Math.floor(i / 10)}`);
    const issued = await fetch(`${alertgate.baseUrl}/v1/live/tickets`, { method: 'POST', headers: { authorization: `Bearer ${user}` } });
    const { ticket } = (await issued.json()) as { ticket: string };
    const socket = new WebSocket(`${alertgate.liveUrl}?ticket=${encodeURIComponent(ticket)}`);
    let heard = false;
    socket.addEventListener('message', (event) => {
      const topics = (JSON.parse(String(event.data)) as { topics?: string[] }).topics ?? [];
      if (!heard && changedAt > 0 && topics.includes('approvals')) {
        heard = true;
        heardAt.push(performance.now() - changedAt);
      }
    });
    sockets.push(socket);
  }
  const connected = (
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise<boolean>((resolve) => {
            if (s.readyState === WebSocket.OPEN) return resolve(true);
            s.addEventListener('open', () => resolve(true));
            s.addEventListener('close', () => resolve(false));
          }),
      ),
    )
  ).filter(Boolean).length;
  // One new crash-looping pod: triage proposes a restart, and its approval is requested.
  changedAt = performance.now();
  const alert = {
    version: '4',
    status: 'firing',
    receiver: 'alertgate',
    groupKey: '{}:{}',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'KubePodCrashLooping', namespace: 'watch', pod: 'watched-7d9f8b6c5d-x2kqp', severity: 'warning' },
        annotations: {},
        startsAt: new Date().toISOString(),
      },
    ],
  };
  await fetch(`${alertgate.baseUrl}/v1/webhooks/alertmanager`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sender}`, 'content-type': 'application/json' },
    body: JSON.stringify(alert),
  });
  const deadline = performance.now() + 30_000;
  while (heardAt.length < connected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const socket of sockets) socket.close();
  return {
    connected,
    told: heardAt.length,
    p50: Math.round(percentile(heardAt, 0.5)),
    p95: Math.round(percentile(heardAt, 0.95)),
    max: Math.round(Math.max(0, ...heardAt)),
  };
}

try {
  const results: Figures[] = [];
  const memory: number[] = [stackMemoryMb()];
  const sampler = setInterval(() => memory.push(stackMemoryMb()), 10_000);
  results.push(await run(`sustained ingest, 100/s × ${SUSTAINED_SECONDS} s, 10 alerts each`, ingest(100, SUSTAINED_SECONDS, 50)));
  clearInterval(sampler);
  memory.push(stackMemoryMb());
  results.push(await run('spike, 500/s × 15 s', ingest(500, 15, 200)));
  const [reads] = await Promise.all([
    Promise.all([
      run('incidents list under ingest, 20/s × 30 s', {
        url: `${alertgate.baseUrl}/v1/incidents?limit=50`,
        connections: 10,
        overallRate: 20,
        duration: 30,
        headers: { authorization: `Bearer ${reader}` },
      }),
      run('approvals list under ingest, 20/s × 30 s', {
        url: `${alertgate.baseUrl}/v1/approvals?limit=50`,
        connections: 10,
        overallRate: 20,
        duration: 30,
        headers: { authorization: `Bearer ${reader}` },
      }),
    ]),
    run('ingest beside the reads, 50/s × 30 s', ingest(50, 30, 25)).then((figures) => results.push(figures)),
  ]);
  results.push(...reads);
  const live = await subscribers(100);

  console.log('\nnpm run load — the local stack on this machine, over loopback\n');
  console.log(
    `  ${'scenario'.padEnd(52)} ${'sent'.padStart(6)} ${'req/s'.padStart(6)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'errors'.padStart(7)}  statuses`,
  );
  for (const r of results)
    console.log(
      `  ${r.name.padEnd(52)} ${String(r.sent).padStart(6)} ${String(r.rps).padStart(6)} ${`${r.p50} ms`.padStart(7)} ${`${r.p95} ms`.padStart(7)} ${`${r.p99} ms`.padStart(7)} ${String(r.errors).padStart(7)}  ${JSON.stringify(r.statuses)}`,
    );
  console.log(
    `\n  WebSocket: ${live.connected} of 100 subscribers connected, ${live.told} told of the approval change; from the alert sent: p50 ${live.p50} ms, p95 ${live.p95} ms, max ${live.max} ms`,
  );
  const [first = 0, ...rest] = memory;
  console.log(
    `  Memory of the local stack during the sustained run (MB, every 10 s): ${memory.join(', ')} (first ${first}, last ${rest.at(-1) ?? first}, max ${Math.max(...memory)})`,
  );
  console.log(
    '  Aims: p95 < 500 ms, 0 errors other than deliberate 429s, memory flat. Errors count timeouts (10 s) and non-2xx answers other than 429.',
  );
} finally {
  await alertgate.stop();
  rmSync(keysDir, { recursive: true, force: true });
}
