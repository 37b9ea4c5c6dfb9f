/**
 * npm run bench:incidents — a burst of 1,000 crash-looping pods across 50 Deployments, in ten
 * Alertmanager notifications of 100 (each mixing every Deployment), through the real use cases
 * in process: ingest → triage (batches of 10, four consumers at once, as Lambda would poll) →
 * incidents and target claims on DynamoDB Local → the remediation state machine on the local
 * Step Functions endpoint, up to its pending approval. Prints alerts/s, the incidents and
 * approvals created (the aim: exactly 50 of each), the p99 time from a Deployment's first alert
 * to its approval, and DynamoDB item writes per alert.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../scripts/local/local-aws.ts';
import { startLocalStack } from '../scripts/local/local-stack.ts';
import { DynamoAlertStore } from '../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { DynamoApprovalStore } from '../shared/adapters/dynamodb/dynamo-approval-store.ts';
import { DynamoIncidentStore } from '../shared/adapters/dynamodb/dynamo-incident-store.ts';
import { DynamoRateLimiter } from '../shared/adapters/dynamodb/dynamo-rate-limiter.ts';
import { DynamoTargetStore } from '../shared/adapters/dynamodb/dynamo-target-store.ts';
import { ingestWebhook } from '../shared/app/ingest/ingest-webhook.ts';
import type { RemediationDeps } from '../shared/app/remediation/deps.ts';
import { requestApproval } from '../shared/app/remediation/request-approval.ts';
import { handleTriageMessage } from '../shared/app/triage/handle-triage-message.ts';
import type { AlertEvent } from '../shared/domain/alerts/alert-record.ts';
import type { TriageMessage } from '../shared/domain/alerts/triage-message.ts';
import type { Log } from '../shared/domain/log.ts';
import { requestApprovalEventSchema } from '../shared/domain/remediation/remediation-request-schema.ts';
import { DEFAULT_TENANT_CONFIG } from '../shared/domain/tenants/tenant-config.ts';
import { keylessStep } from '../shared/domain/triage/keyless/keyless-step.ts';
import { AwsRequestCounter } from './aws-request-counter.ts';
import { startLocalWorkflow } from './local-workflow.ts';

const TENANT = 'burst';
const DEPLOYMENTS = 50;
const PODS = 20;
const PER_NOTIFICATION = 100;

const stage = 'benchincidents';
const stack = await startLocalStack({ root: join(import.meta.dirname, '..'), stage });
const client = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.region, credentials: LOCAL_CREDENTIALS });
const dynamo = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const counter = new AwsRequestCounter();
counter.attach(dynamo, 'dynamodb');
const table = (name: string) => `alertgate-${stage}-${name}`;
let deps: RemediationDeps;
const { sfn, workflow } = await startLocalWorkflow(stack, async (name, payload) => {
  if (name !== 'request-approval') throw new Error(`the burst only asks for approvals, not ${name}`);
  const { taskToken, request } = requestApprovalEventSchema.parse(payload);
  return requestApproval(deps, taskToken, request);
});
const audit = { send: async () => {} };
// Quiet: a thousand lines of "triage decided" would bury the figures.
const quiet = () => {};
const logger: Log = { debug: quiet, info: quiet, warn: console.warn, error: console.error };
deps = {
  log: logger,
  alerts: new DynamoAlertStore(dynamo, table('alerts')),
  approvals: new DynamoApprovalStore(dynamo, table('approvals')),
  incidents: new DynamoIncidentStore(dynamo, table('incidents')),
  targets: new DynamoTargetStore(dynamo, table('incidents')),
  limiter: new DynamoRateLimiter(dynamo, table('provider-state')),
  workflow,
  audit,
  configOf: async () => DEFAULT_TENANT_CONFIG,
  notify: async () => {},
};
const queued: AlertEvent[] = [];
const ingestDeps = {
  alerts: deps.alerts,
  audit,
  log: logger,
  queue: {
    send: async (events: readonly AlertEvent[]) => {
      queued.push(...events);
      return { sent: events, failed: [] };
    },
  },
};
const triageDeps = {
  triage: { ...ingestDeps, configOf: deps.configOf, steps: [keylessStep], incidents: deps.incidents, targets: deps.targets },
  remediation: deps,
};

const pod = (d: number, p: number) => ({
  status: 'firing',
  labels: {
    alertname: 'KubePodCrashLooping',
    namespace: 'shop',
    pod: `svc-${d}-7d9f8b6c5d-${String(p).padStart(5, 'p')}`,
    severity: 'warning',
  },
  annotations: { summary: 'Pod is crash looping.' },
  startsAt: '2026-12-01T03:00:00Z',
});
// Ten notifications; the nth carries pods 2n and 2n+1 of every Deployment.
const notifications = Array.from({ length: (DEPLOYMENTS * PODS) / PER_NOTIFICATION }, (_, n) => ({
  version: '4',
  status: 'firing',
  receiver: 'alertgate',
  alerts: Array.from({ length: PER_NOTIFICATION }, (_, i) => pod(i % DEPLOYMENTS, n * 2 + Math.floor(i / DEPLOYMENTS))),
}));

const percentile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function allPending(): Promise<{ targetKey?: string; coveredCount?: number }[]> {
  const found = [];
  let cursor: string | undefined;
  do {
    const page = await deps.approvals.list(TENANT, 'pending', 100, cursor);
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return found;
}

try {
  const started = performance.now();
  const firstSeen = new Map<string, number>();
  counter.reset();
  await Promise.all(
    notifications.map(async (body, n) => {
      const at = performance.now();
      for (const alert of body.alerts) {
        const target = `restart_workload:shop/deployment/${alert.labels.pod.replace(/-7d9f8b6c5d-.*$/, '')}`;
        if (!firstSeen.has(target) || (firstSeen.get(target) ?? 0) > at) firstSeen.set(target, at);
      }
      await ingestWebhook(ingestDeps, TENANT, 'alertmanager', body, `burst-${n}`, 'alertmanager-prod');
    }),
  );
  const ingestWrites = counter.itemsWritten;
  counter.reset();

  // Watches for approvals while triage runs: when each target's approval first appears.
  const approvedAt = new Map<string, number>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      for (const approval of await allPending()) {
        if (approval.targetKey !== undefined && !approvedAt.has(approval.targetKey)) approvedAt.set(approval.targetKey, performance.now());
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  const messages: TriageMessage[] = queued.map((event) => ({
    type: 'alert.firing',
    eventId: event.eventId,
    tenant: event.tenant,
    alertId: event.alertId,
    revision: event.revision,
    correlationId: 'burst',
    sentAt: new Date().toISOString(),
  }));
  let next = 0;
  const consumer = async () => {
    for (let batch = messages.slice(next, next + 10); batch.length > 0; batch = messages.slice(next, next + 10)) {
      next += 10;
      await Promise.all(batch.map((message) => handleTriageMessage(triageDeps, message)));
    }
  };
  await Promise.all(Array.from({ length: 4 }, consumer));
  const triageWrites = counter.itemsWritten;
  while (approvedAt.size < DEPLOYMENTS && performance.now() - started < 120_000) await new Promise((resolve) => setTimeout(resolve, 20));
  watching = false;
  await watcher;
  const seconds = (performance.now() - started) / 1000;

  const incidents = await deps.incidents.list(TENANT, {}, 100, undefined);
  const pending = await allPending();
  const latencies = [...approvedAt.entries()].map(([target, at]) => at - (firstSeen.get(target) ?? at)).sort((a, b) => a - b);
  console.log(
    `\nIncidents benchmark — ${DEPLOYMENTS * PODS} alerts, ${DEPLOYMENTS} Deployments, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.table([
    {
      alerts: messages.length,
      'alerts/s (ingest → approval)': Math.round(messages.length / seconds),
      incidents: incidents.items.length,
      approvals: pending.length,
      'alerts covered': pending.reduce((sum, approval) => sum + 1 + (approval.coveredCount ?? 0), 0),
      'p50 ms first alert → approval': Math.round(percentile(latencies, 0.5)),
      'p99 ms first alert → approval': Math.round(percentile(latencies, 0.99)),
      'DDB item writes/alert, ingest': Number((ingestWrites / messages.length).toFixed(2)),
      'DDB item writes/alert, triage': Number((triageWrites / messages.length).toFixed(2)),
    },
  ]);
  if (pending.length !== DEPLOYMENTS || incidents.items.length !== DEPLOYMENTS) process.exitCode = 1;
} finally {
  await sfn.stop();
  await stack.stop();
}
