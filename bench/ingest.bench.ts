/**
 * npm run bench:ingest — the ingest Lambda handler, in process, against DynamoDB Local and fauxqs.
 * Prints alerts/s, p50/p99 per request and AWS requests per alert for Alertmanager notifications
 * of 1 and of 100 alerts, new and repeated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, mintDevToken } from '../scripts/local/dev-keys.ts';
import { startLocalStack } from '../scripts/local/local-stack.ts';
import { alertmanagerNotification } from './alertmanager-notification.ts';
import { AwsRequestCounter } from './aws-request-counter.ts';
import { httpApiEvent } from './http-event.ts';
import { useLocalLambdaEnvironment } from './lambda-env.ts';

const root = join(import.meta.dirname, '..');
const stage = 'bench';
const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-bench-'));
const stack = await startLocalStack({ root, stage });
const keys = await ensureDevKeys(keysDir);

useLocalLambdaEnvironment(stack, stage, {
  AUTH_LOCAL_JWKS_FILE: keys.jwksFile,
  AUTH_ISSUER: DEV_ISSUER,
  AUTH_AUDIENCE: DEV_AUDIENCE,
  AUTH_ALGORITHMS: 'ES256',
});

// Imported after the environment is set: the handler reads it at cold start, as in Lambda.
const { handler } = await import('../functions/http/ingest-webhook.ts');
const { dynamodb, sqs } = await import('../shared/entry/compose/aws.ts');
const dynamoCounter = new AwsRequestCounter();
const sqsCounter = new AwsRequestCounter();
// The composition module's clients: the document client shares its client's middleware stack.
dynamoCounter.attach(dynamodb(), 'dynamodb');
sqsCounter.attach(sqs(), 'sqs');

const token = await mintDevToken(keys, { tenant: 'bench', roles: ['ingest'] });
const context = {
  functionName: 'alertgate-bench-ingestWebhook',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:alertgate-bench-ingestWebhook',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 15_000,
} as Context;

let requestNumber = 0;
function notification(size: number, batch: number) {
  return alertmanagerNotification(
    Array.from({ length: size }, (_, i) => ({
      labels: {
        alertname: 'KubePodCrashLooping',
        namespace: 'payments',
        pod: `checkout-${batch}-${i}`,
        container: 'api',
        job: 'kube-state-metrics',
        severity: 'warning',
      },
      annotations: { summary: 'Pod is crash looping.', description: `Pod payments/checkout-${batch}-${i} restarted 5 times.` },
      startsAt: '2026-11-22T10:00:00Z',
    })),
    // One group per notification, as Alertmanager sends them: a group's repeats share its sighting items.
    { alertname: 'KubePodCrashLooping', batch: String(batch) },
  );
}

function event(body: unknown): APIGatewayProxyEventV2 {
  requestNumber++;
  return httpApiEvent({
    method: 'POST',
    routeKey: 'POST /v1/webhooks/{source}',
    path: '/v1/webhooks/alertmanager',
    pathParameters: { source: 'alertmanager' },
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    requestId: `bench-${requestNumber}`,
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Scenario {
  readonly name: string;
  readonly size: number;
  readonly requests: number;
  /** Same alerts as an earlier scenario (repeat notifications) or new ones. */
  readonly batchOffset: number;
  /** Requests in flight at once, as several warm Lambda instances would have. */
  readonly concurrency: number;
}

async function run(scenario: Scenario) {
  const bodies = Array.from({ length: scenario.requests }, (_, r) => notification(scenario.size, scenario.batchOffset + r));
  dynamoCounter.reset();
  sqsCounter.reset();
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    for (let body = bodies[next++]; body !== undefined; body = bodies[next++]) {
      const t0 = performance.now();
      const response = await handler(event(body), context);
      latencies.push(performance.now() - t0);
      if (response.statusCode !== 202) throw new Error(`${scenario.name}: ${response.statusCode} ${response.body}`);
    }
  };
  await Promise.all(Array.from({ length: scenario.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  const alerts = scenario.size * scenario.requests;
  latencies.sort((a, b) => a - b);
  return {
    scenario: scenario.name,
    'in flight': scenario.concurrency,
    requests: scenario.requests,
    alerts,
    'alerts/s': Math.round(alerts / seconds),
    'p50 ms': Number(percentile(latencies, 50).toFixed(1)),
    'p99 ms': Number(percentile(latencies, 99).toFixed(1)),
    'DDB item writes/alert': Number((dynamoCounter.itemsWritten / alerts).toFixed(2)),
    'AWS ms/request': Number(((dynamoCounter.milliseconds + sqsCounter.milliseconds) / scenario.requests).toFixed(1)),
    'DDB write calls/alert': Number(
      (dynamoCounter.total('dynamodb', ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']) / alerts).toFixed(
        3,
      ),
    ),
    'DDB read calls/alert': Number((dynamoCounter.total('dynamodb', ['GetItem', 'BatchGetItem', 'Query']) / alerts).toFixed(3)),
    'SQS send calls/alert': Number((sqsCounter.total('sqs', ['SendMessageBatch', 'SendMessage']) / alerts).toFixed(3)),
    'RSS MB': Math.round(process.memoryUsage().rss / 2 ** 20),
    'heap MB': Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}

const scenarios: Scenario[] = [
  // Warms the JIT of both this process and DynamoDB Local's JVM, as a steady-state service would be.
  { name: 'warm-up (discarded)', size: 100, requests: 30, batchOffset: 900_000, concurrency: 1 },
  { name: '1 alert, new', size: 1, requests: 300, batchOffset: 0, concurrency: 1 },
  { name: '1 alert, repeated', size: 1, requests: 300, batchOffset: 0, concurrency: 1 },
  { name: '100 alerts, new', size: 100, requests: 60, batchOffset: 1_000, concurrency: 1 },
  { name: '100 alerts, repeated', size: 100, requests: 60, batchOffset: 1_000, concurrency: 1 },
  { name: '100 alerts, new', size: 100, requests: 60, batchOffset: 2_000, concurrency: 2 },
  { name: '100 alerts, repeated', size: 100, requests: 60, batchOffset: 2_000, concurrency: 2 },
];

try {
  const results = [];
  for (const scenario of scenarios) results.push(await run(scenario));
  console.log(
    `\nIngest benchmark — in-process handler, DynamoDB Local (in memory) + fauxqs, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.table(results.slice(1));
} finally {
  await stack.stop();
  rmSync(keysDir, { recursive: true, force: true });
}
