/**
 * npm run bench:triage — (1) the router chain with the keyless classifier, in process: decisions/s
 * over the alert catalogue; (2) the triage Lambda handler, in process, on DynamoDB Local: batches
 * of 10 messages, p50/p99 per batch.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Context, SQSEvent } from 'aws-lambda';
import { loadCatalogue } from '../scripts/classifier/catalogue.ts';
import { startLocalStack } from '../scripts/local/local-stack.ts';
import { DynamoAlertStore } from '../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { DynamoTenantConfigStore } from '../shared/adapters/dynamodb/dynamo-tenant-config-store.ts';
import { configChanged } from '../shared/app/tenants/tenant-config.ts';
import { routeAlert } from '../shared/app/triage/route-alert.ts';
import type { IncomingAlert } from '../shared/domain/alerts/alert.ts';
import { applyIncomingAlert } from '../shared/domain/alerts/alert-lifecycle.ts';
import type { AlertRecord } from '../shared/domain/alerts/alert-record.ts';
import { DEFAULT_TENANT_CONFIG, tenantConfigSchema } from '../shared/domain/tenants/tenant-config.ts';
import { keylessStep } from '../shared/domain/triage/keyless/keyless-step.ts';
import { AwsRequestCounter } from './aws-request-counter.ts';
import { useLocalLambdaEnvironment } from './lambda-env.ts';

const root = join(import.meta.dirname, '..');
const catalogue = loadCatalogue().map((alert) => alert.input);

function recordOf(index: number, tenant: string): AlertRecord {
  const input = catalogue[index % catalogue.length] ?? { name: 'unnamed', labels: {} };
  const incoming: IncomingAlert = {
    source: 'alertmanager',
    fingerprint: `fp-${index}`,
    status: 'firing',
    name: input.name,
    labels: { ...input.labels, alertname: input.name, instance: `host-${index}:9100` },
    annotations: {},
    summary: input.summary,
    description: input.description,
    startsAt: '2026-11-22T10:00:00.000Z',
  };
  const { next } = applyIncomingAlert(undefined, incoming, {
    tenant,
    id: `a${index}`,
    now: new Date(),
    leaseMs: 30_000,
    requestId: 'bench',
    actor: 'bench',
    correlationId: 'bench',
  });
  if (next === undefined) throw new Error('no record');
  return next;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

// (1) The router chain alone.
const records = Array.from({ length: 5_000 }, (_, i) => recordOf(i, 'bench'));
for (const record of records.slice(0, 500))
  await routeAlert([keylessStep], { tenant: 'bench', alert: record, config: DEFAULT_TENANT_CONFIG }, { eventId: 'w', now: new Date() });
const started = performance.now();
for (const record of records)
  await routeAlert([keylessStep], { tenant: 'bench', alert: record, config: DEFAULT_TENANT_CONFIG }, { eventId: 'e', now: new Date() });
const routerSeconds = (performance.now() - started) / 1000;

// (2) The handler on DynamoDB Local.
const stage = 'benchtriage';
const stack = await startLocalStack({ root, stage });
useLocalLambdaEnvironment(stack, stage);
try {
  const { handler } = await import('../functions/queue/triage.ts');
  const { dynamodb } = await import('../shared/entry/compose/aws.ts');
  const alerts = new DynamoAlertStore(dynamodb(), `alertgate-${stage}-alerts`);
  // Triage alone: the bench tenant's policy only notifies, so no remediation workflow starts.
  const notifyOnly = tenantConfigSchema.parse({ policies: { rules: [{ mode: 'notify-only' }] } });
  const at = new Date().toISOString();
  const first = { tenant: 'bench-handler', version: 1, config: notifyOnly, updatedAt: at, updatedBy: 'bench' };
  await new DynamoTenantConfigStore(dynamodb(), `alertgate-${stage}-tenant-configs`).put(
    'bench-handler',
    notifyOnly,
    0,
    'bench',
    at,
    configChanged(first, undefined, 'bench'),
  );
  const batches = 60;
  const stored = Array.from({ length: batches * 10 }, (_, i) => recordOf(i, 'bench-handler'));
  await alerts.saveAll(stored.map((record) => ({ record, expectedVersion: undefined })));
  // Counted from here: the writes triage makes per alert, not the setup's.
  const counter = new AwsRequestCounter();
  counter.attach(dynamodb(), 'dynamodb');
  const context = { functionName: 'triage', awsRequestId: 'bench', getRemainingTimeInMillis: () => 30_000 } as Context;
  const latencies: number[] = [];
  const handlerStarted = performance.now();
  for (let b = 0; b < batches; b++) {
    const event: SQSEvent = {
      Records: stored.slice(b * 10, b * 10 + 10).map((record, i) => ({
        messageId: `m-${b}-${i}`,
        receiptHandle: 'r',
        body: JSON.stringify({
          type: 'alert.firing',
          eventId: `${record.id}:1:triage`,
          tenant: record.tenant,
          alertId: record.id,
          revision: 1,
          correlationId: 'bench',
          sentAt: '',
        }),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:bench',
        awsRegion: 'eu-west-1',
      })),
    };
    const t0 = performance.now();
    const result = await handler(event, context);
    latencies.push(performance.now() - t0);
    if (result.batchItemFailures.length > 0) throw new Error(`batch ${b} had failures`);
  }
  const handlerSeconds = (performance.now() - handlerStarted) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(Object.fromEntries(counter.counts));
  console.log(`\nTriage benchmark — Node ${process.version}, ${new Date().toISOString()}`);
  console.table([
    {
      what: 'router chain, keyless (in process)',
      decisions: records.length,
      'decisions/s': Math.round(records.length / routerSeconds),
      'µs/decision': Number(((routerSeconds * 1e6) / records.length).toFixed(1)),
    },
    {
      what: 'triage handler, batches of 10 (DynamoDB Local)',
      decisions: batches * 10,
      'decisions/s': Math.round((batches * 10) / handlerSeconds),
      'p50 ms/batch': Number(percentile(latencies, 50).toFixed(1)),
      'p99 ms/batch': Number(percentile(latencies, 99).toFixed(1)),
      'DDB item writes/alert': Number((counter.itemsWritten / (batches * 10)).toFixed(2)),
      'DDB calls failed/alert': Number((counter.failed / (batches * 10)).toFixed(2)),
      'DDB ms/call': Number((counter.milliseconds / [...counter.counts.values()].reduce((a, b) => a + b, 0)).toFixed(1)),
      'DDB calls/alert': Number(([...counter.counts.values()].reduce((a, b) => a + b, 0) / (batches * 10)).toFixed(2)),
    },
  ]);
} finally {
  await stack.stop();
}
