/**
 * npm run bench:console — the console's bundle sizes (gzipped, as CloudFront serves them) and how
 * fast the incidents page renders in Chromium against the local stack: sign-in to the first rows,
 * then 1,000 incidents (ten pages of the API) with the rows the virtual list keeps in the DOM, and
 * the frames of a scroll from top to bottom. And the dashboard: how fast the audit writer's
 * counting folds 5,000 audit entries spread over 90 days, and how long the aggregate endpoint
 * takes for a day, a week and 90 days of counters.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalAlertgate } from '../scripts/local/alertgate-local.ts';
import { launchChromium } from '../scripts/local/chromium.ts';
import { buildConsole } from '../scripts/local/console-server.ts';
import { mintDevToken } from '../scripts/local/dev-keys.ts';
import { LOCAL_CREDENTIALS } from '../scripts/local/local-aws.ts';
import { DynamoAuditStore } from '../shared/adapters/dynamodb/dynamo-audit-store.ts';
import { DynamoIncidentStore } from '../shared/adapters/dynamodb/dynamo-incident-store.ts';
import { DynamoStatsStore } from '../shared/adapters/dynamodb/dynamo-stats-store.ts';
import { appendAuditEvents } from '../shared/app/audit/append-audit-event.ts';
import { countAuditEvents } from '../shared/app/stats/count-audit-events.ts';
import type { AuditEvent } from '../shared/domain/audit/audit-event.ts';
import { openIncident } from '../shared/domain/incidents/incident.ts';

const root = join(import.meta.dirname, '..');
const INCIDENTS = 1_000;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

// 1. Bundle sizes.
const dist = await buildConsole(root);
const assets = readdirSync(join(dist, 'assets')).map((name) => {
  const body = readFileSync(join(dist, 'assets', name));
  return { name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
});
console.log('Bundle (console/dist/assets):');
for (const asset of assets) console.log(`  ${asset.name.padEnd(28)} ${kb(asset.raw).padStart(10)} raw ${kb(asset.gzip).padStart(10)} gzip`);
const scripts = assets.filter((asset) => asset.name.endsWith('.js'));
// The dashboard's chunk (with the charts' library) loads only when the dashboard is opened.
const dashboardChunk = scripts.filter((asset) => asset.name.startsWith('dashboard-page'));
const sum = (list: typeof assets) => list.reduce((total, asset) => total + asset.gzip, 0);
console.log(`  JavaScript of the incidents page: ${kb(sum(scripts) - sum(dashboardChunk))} gzipped (aim ≤ 200 KB)`);
console.log(`  JavaScript of the dashboard, on top: ${kb(sum(dashboardChunk))} gzipped`);

// 2. Render times, against the local stack with 1,000 open incidents.
const stage = 'benchconsole';
const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-bench-keys-'));
const alertgate = await startLocalAlertgate({ root, stage, keysDir });
const browser = await launchChromium();
try {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: alertgate.stack.endpoints.dynamodb, region: alertgate.stack.region, credentials: LOCAL_CREDENTIALS }),
  );
  const store = new DynamoIncidentStore(client, `alertgate-${stage}-incidents`);
  const started = Date.now();
  for (let start = 0; start < INCIDENTS; start += 25) {
    await Promise.all(
      Array.from({ length: 25 }, (_, offset) => {
        const n = start + offset;
        const at = new Date(started - n * 60_000).toISOString();
        return store.create(
          openIncident({
            tenant: 'demo',
            groupHash: n.toString(16).padStart(20, '0'),
            sequence: 1,
            groupedBy: 'bench',
            title: `KubePodCrashLooping · shop/service-${n}`,
            category: 'Orchestrators',
            service: 'Kubernetes',
            team: `team-${n % 7}`,
            member: {
              alertId: `alert-${n}`,
              revision: 1,
              name: 'KubePodCrashLooping',
              severity: n % 5 === 0 ? 'critical' : 'warning',
              status: 'firing',
              joined: 'opened',
              joinedAt: at,
            },
            at,
          }),
        );
      }),
    );
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('crash', () => console.error('the page crashed'));
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${alertgate.consoleUrl}/incidents`);
  await page.getByLabel('Username').fill('bob');
  await page.getByLabel('Password').fill('alertgate');
  const signedIn = performance.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('ul[aria-label="Incidents"] li').first().waitFor();
  const firstRows = performance.now() - signedIn;

  const more = page.getByRole('button', { name: 'Show more' });
  const loadingMore = page.getByRole('button', { name: 'Loading more…' });
  const loading = performance.now();
  while ((await more.count()) > 0) {
    const before = await page.locator('.counts').textContent();
    await more.click();
    // The last page may be empty (the API cannot know there is no more until it looks): then the button goes.
    const settled = async () =>
      (await loadingMore.count()) === 0 && ((await page.locator('.counts').textContent()) !== before || (await more.count()) === 0);
    while (!(await settled())) await page.waitForTimeout(10);
  }
  const all = performance.now() - loading;
  const count = await page.locator('.counts').textContent();
  const domRows = await page.locator('ul[aria-label="Incidents"] li').count();

  // Scroll to the bottom in steps, one per frame, and time the frames.
  // A string, evaluated in the page: the benches are type-checked without the DOM library.
  const frames = (await page.evaluate(`(async () => {
    const times = [];
    // Show more left the page at its bottom.
    window.scrollTo(0, 0);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    let last = performance.now();
    const step = window.innerHeight / 2;
    while (window.scrollY + window.innerHeight < document.body.scrollHeight - 1) {
      window.scrollBy(0, step);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times;
  })()`)) as number[];
  frames.sort((a, b) => a - b);
  const p = (q: number) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))] ?? 0;

  // 3. The dashboard: 5,000 audit entries over 90 days, counted as the audit writer does.
  const audit = new DynamoAuditStore(client, `alertgate-${stage}-audit`);
  const stats = new DynamoStatsStore(client, `alertgate-${stage}-stats`);
  const ENTRIES = 5_000;
  const events: AuditEvent[] = Array.from({ length: ENTRIES }, (_, n) => ({
    eventId: `bench-${n}`,
    tenant: 'demo',
    time: new Date(started - 90 * 86_400_000 + Math.floor((n * 90 * 86_400_000) / ENTRIES)).toISOString(),
    type: 'alert.received',
    actor: 'system',
    subjects: { alertId: `alert-${n}` },
    correlationId: 'bench',
    data: { source: 'alertmanager', name: `Alert${n % 300}`, severity: ['critical', 'warning', 'info'][n % 3] },
  }));
  for (let i = 0; i < events.length; i += 500) await appendAuditEvents(audit, events.slice(i, i + 500));
  const counting = performance.now();
  let runs = 0;
  while ((await countAuditEvents({ audit, stats }, 'demo')).counted > 0) runs += 1;
  const countMs = performance.now() - counting;
  const token = await mintDevToken(alertgate.keys, { tenant: 'demo', roles: ['viewer'] });
  const timings: string[] = [];
  for (const [label, days] of [
    ['a day (25 hours)', 1],
    ['a week (8 days)', 7],
    ['90 days', 90],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const to = Date.now();
      const range = `from=${new Date(to - days * 86_400_000).toISOString()}&to=${new Date(to).toISOString()}`;
      const t = performance.now();
      const answer = await fetch(`${alertgate.baseUrl}/v1/stats/dashboard?${range}`, { headers: { authorization: `Bearer ${token}` } });
      if (answer.status !== 200) throw new Error(`GET /v1/stats/dashboard answered ${answer.status}: ${await answer.text()}`);
      await answer.arrayBuffer();
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    timings.push(`  GET /v1/stats/dashboard, ${label.padEnd(17)} median ${samples[3]?.toFixed(0)} ms (7 calls, local Lambda emulation)`);
  }
  const dashboardPage = performance.now();
  await page.goto(`${alertgate.consoleUrl}/dashboard`);
  await page.locator('.figure').first().waitFor();
  await page.locator('canvas').first().waitFor();
  const dashboardFirst = performance.now() - dashboardPage;

  console.log(`
Incidents page in Chromium (${count?.split('·')[0]?.trim()}):
  sign-in → first rows        ${firstRows.toFixed(0)} ms
  pages 2–10 (Show more ×9)   ${all.toFixed(0)} ms
  rows in the DOM             ${domRows} of ${INCIDENTS} (virtual list)
  scroll to the bottom        ${frames.length} frames of half a screen, p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${p(1).toFixed(1)} ms

Dashboard:
  counting ${ENTRIES} audit entries over 90 days: ${countMs.toFixed(0)} ms in ${runs} runs (${((ENTRIES / countMs) * 1000).toFixed(0)} entries/s)
${timings.join('\n')}
  navigate → figures and charts drawn (chunk loaded, one API call): ${dashboardFirst.toFixed(0)} ms`);
  await context.close();
} finally {
  await browser.close();
  await alertgate.stop();
  rmSync(keysDir, { recursive: true, force: true });
}
