/**
 * Each function's bundle as Lambda would get it (esbuild with serverless.yml's settings, no source
 * maps; files it packages besides are copied next to it, not counted) and its module init time:
 * a fresh Node process imports the bundle, five times, median.
 *
 *   npm run bench:bundles                  every function
 *   npm run bench:bundles -- getAlert      some of them
 *   npm run bench:bundles -- --libraries   what the libraries every function carries cost on their own
 *
 * Aims (issue 9): every function ≤ 300 KB of code, init ≤ 50 ms.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { parse } from 'yaml';
import { readFunctionDefinitions } from '../scripts/local/functions-yml.ts';

const root = resolve(import.meta.dirname, '..');
const RUNS = 5;
const AIM_BYTES = 300 * 1024;
const AIM_INIT_MS = 50;

interface EsbuildSettings {
  readonly target: string;
  readonly mainFields: string[];
  readonly banner: { js: string };
}

function esbuildSettings(): EsbuildSettings {
  const serverless = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), {
    customTags: [{ tag: '!Sub', resolve: (v: string) => v }],
  });
  return serverless.custom.esbuild as EsbuildSettings;
}

/** The variables serverless.yml gives every function, with values that look like a deployed stage. */
function lambdaEnvironment(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    STAGE: 'bench',
    ALERTS_TABLE: 'alertgate-bench-alerts',
    INTEGRATION_KEYS_TABLE: 'alertgate-bench-integration-keys',
    TENANT_CONFIGS_TABLE: 'alertgate-bench-tenant-configs',
    PROVIDER_STATE_TABLE: 'alertgate-bench-provider-state',
    RATE_LIMITS_TABLE: 'alertgate-bench-provider-state',
    AUDIT_TABLE: 'alertgate-bench-audit',
    AUDIT_QUEUE_NAME: 'alertgate-bench-audit.fifo',
    AUDIT_CHECKPOINT_PUBLIC_KEYS_PARAMETER: '/alertgate/bench/audit-checkpoint-public-keys',
    AUDIT_CHECKPOINT_PRIVATE_KEY_PARAMETER: '/alertgate/bench/audit-checkpoint-private-key',
    AUDIT_CHECKPOINT_BUCKET: 'alertgate-bench-audit-checkpoints',
    AUDIT_CHECKPOINT_WRITER_FUNCTION: 'alertgate-bench-writeAuditCheckpoints',
    TENANT_SECRETS_ROLE_ARN: 'arn:aws:iam::000000000000:role/alertgate-bench-TenantSecretsRole',
    TRIAGE_QUEUE_NAME: 'alertgate-bench-triage',
    APPROVALS_TABLE: 'alertgate-bench-approvals',
    INCIDENTS_TABLE: 'alertgate-bench-incidents',
    LIVE_CONNECTIONS_TABLE: 'alertgate-bench-live-connections',
    STATS_TABLE: 'alertgate-bench-stats',
    LIVE_TICKETS_TABLE: 'alertgate-bench-live-tickets',
    SLACK_TABLE: 'alertgate-bench-slack',
    LEARNING_TABLE: 'alertgate-bench-learning',
    SLACK_CLICKS_QUEUE_NAME: 'alertgate-bench-slack-clicks',
    SLACK_MESSAGES_QUEUE_NAME: 'alertgate-bench-slack-messages.fifo',
    NOTIFICATION_RETRIES_QUEUE_NAME: 'alertgate-bench-notification-retries',
    REMEDIATION_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:000000000000:stateMachine:alertgate-bench-remediation',
    PUBLIC_BASE_URL: 'https://alertgate.example',
    POWERTOOLS_SERVICE_NAME: 'alertgate',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_TRACE_ENABLED: 'false',
    AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
    AUTH_ISSUER: 'https://idp.example/',
    AUTH_AUDIENCE: 'alertgate',
    AUTH_ALGORITHMS: 'RS256,ES256',
    AUTH_TENANT_CLAIM: 'tenant',
    AUTH_ROLES_CLAIM: 'roles',
  };
}

/** Milliseconds to import the bundle in a fresh process (Node's own start-up not counted). */
function initMs(file: string, env: Record<string, string>): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  return Number(out);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The pieces every function is built from, each bundled alone: where the floor of size and init lies. */
const LIBRARIES: Readonly<Record<string, string>> = {
  'powertools tracer (aws-xray-sdk-core)':
    "import { Tracer } from '@aws-lambda-powertools/tracer'; export const t = new Tracer({ serviceName: 'x' });",
  'powertools logger': "import { Logger } from '@aws-lambda-powertools/logger'; export const l = new Logger({ serviceName: 'x' });",
  'dynamodb document client': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
    export const c = DynamoDBDocumentClient.from(new DynamoDBClient({}));`,
  'sqs client': "import { SQSClient } from '@aws-sdk/client-sqs'; export const c = new SQSClient({});",
  'zod, one schema': "import * as z from 'zod'; export const s = z.object({ a: z.string() });",
  'tenant config schema': `export * from ${JSON.stringify(join(root, 'shared/domain/tenants/tenant-config.ts'))};`,
  'jose (jwtVerify)': "import { jwtVerify } from 'jose'; export const j = jwtVerify;",
};

/** esbuild with serverless.yml's settings, minus source maps. */
async function bundle(input: Pick<BuildOptions, 'entryPoints' | 'stdin'>, outfile: string): Promise<void> {
  await build({
    ...input,
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: settings.target,
    mainFields: settings.mainFields,
    banner: settings.banner,
    logLevel: 'error',
  });
}

async function measureLibraries(outdir: string, env: Record<string, string>): Promise<void> {
  const width = Math.max(...Object.keys(LIBRARIES).map((name) => name.length));
  console.log(`${'library'.padEnd(width)}  bundle KB   init ms (median of ${RUNS})`);
  for (const [name, code] of Object.entries(LIBRARIES)) {
    const outfile = join(outdir, `${name.replace(/\W+/g, '-')}.mjs`);
    await bundle({ stdin: { contents: code, resolveDir: root, loader: 'ts' } }, outfile);
    const kb = (await stat(outfile)).size / 1024;
    const init = median(Array.from({ length: RUNS }, () => initMs(outfile, env)));
    console.log(`${name.padEnd(width)}  ${kb.toFixed(0).padStart(9)}   ${init.toFixed(1).padStart(7)}`);
  }
}

/** Every function (or those named), bundled and timed, then one line each. */
async function measureFunctions(outdir: string, env: Record<string, string>, only: ReadonlySet<string>): Promise<void> {
  const definitions = await readFunctionDefinitions(root);
  const rows: { name: string; kb: number; init: number }[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    if (only.size > 0 && !only.has(name)) continue;
    const handler = String(definition.handler);
    const entry = join(root, `${handler.slice(0, handler.lastIndexOf('.'))}.ts`);
    const outfile = join(outdir, name, 'index.mjs');
    await bundle({ entryPoints: [entry] }, outfile);
    // Files the function packages besides its code (package.patterns), where Lambda would have them.
    const patterns = (definition.package as { patterns?: string[] } | undefined)?.patterns ?? [];
    for (const pattern of patterns) await cp(join(root, pattern), join(outdir, name, pattern), { recursive: true });
    const bytes = (await stat(outfile)).size;
    const init = median(Array.from({ length: RUNS }, () => initMs(outfile, env)));
    rows.push({ name, kb: bytes / 1024, init });
  }
  if (rows.length === 0) throw new Error(`no function named ${[...only].join(', ')} in resources/functions.yml`);
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`${'function'.padEnd(width)}  bundle KB   init ms (median of ${RUNS})`);
  for (const row of rows) {
    const flags = [row.kb * 1024 > AIM_BYTES ? 'over 300 KB' : '', row.init > AIM_INIT_MS ? 'over 50 ms' : ''].filter(Boolean).join(', ');
    console.log(`${row.name.padEnd(width)}  ${row.kb.toFixed(0).padStart(9)}   ${row.init.toFixed(1).padStart(7)}  ${flags}`);
  }
  const largest = rows.reduce((a, b) => (b.kb > a.kb ? b : a));
  const slowest = rows.reduce((a, b) => (b.init > a.init ? b : a));
  console.log(`largest ${largest.name} ${largest.kb.toFixed(0)} KB · slowest init ${slowest.name} ${slowest.init.toFixed(1)} ms`);
}

const only = new Set(process.argv.slice(2));
const settings = esbuildSettings();
const outdir = await mkdtemp(join(tmpdir(), 'alertgate-bundles-'));
try {
  if (only.has('--libraries')) await measureLibraries(outdir, lambdaEnvironment());
  else await measureFunctions(outdir, lambdaEnvironment(), only);
} finally {
  await rm(outdir, { recursive: true, force: true });
}
