/**
 * npm run bench:approvals — the remediation workflow's hot paths, in process, on DynamoDB Local
 * and the local Step Functions endpoint (the state machine's tasks run the real use cases):
 *   - a vote (conditional transition + SendTaskSuccess), one approver per approval;
 *   - approve → executed (the action recorded on the alert), dry-run executor;
 *   - ten approvers at once on one approval (one wins; the time until all ten have answered);
 *   - the expiry job closing overdue approvals (approvals/s).
 * Audit events and notifications are counted in memory, not sent.
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
import { executorFactory } from '../shared/adapters/executors/executor-for.ts';
import { logger } from '../shared/adapters/observability.ts';
import { decideApproval } from '../shared/app/remediation/decide-approval.ts';
import type { RemediationDeps } from '../shared/app/remediation/deps.ts';
import { executeAction } from '../shared/app/remediation/execute-action.ts';
import { expireApprovals } from '../shared/app/remediation/expire-approvals.ts';
import { recordOutcome } from '../shared/app/remediation/record-outcome.ts';
import { requestApproval } from '../shared/app/remediation/request-approval.ts';
import { remediationRequest, startRemediation } from '../shared/app/remediation/start-remediation.ts';
import type { AlertRecord } from '../shared/domain/alerts/alert-record.ts';
import { approvalIdFor, executionNameFor } from '../shared/domain/remediation/remediation.ts';
import {
  recordOutcomeEventSchema,
  remediationRequestSchema,
  requestApprovalEventSchema,
} from '../shared/domain/remediation/remediation-request-schema.ts';
import { DEFAULT_TENANT_CONFIG } from '../shared/domain/tenants/tenant-config.ts';
import { localFetch } from '../test/support/local-egress.ts';
import { freshBreakers } from '../test/support/remediation-fixtures.ts';
import { startLocalWorkflow } from './local-workflow.ts';

const stage = 'benchapprovals';
const stack = await startLocalStack({ root: join(import.meta.dirname, '..'), stage });
const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.region, credentials: LOCAL_CREDENTIALS }),
  { marshallOptions: { removeUndefinedValues: true } },
);
let audited = 0;
let notified = 0;
let deps: RemediationDeps;
const { sfn, workflow } = await startLocalWorkflow(stack, async (name, payload) => {
  if (name === 'request-approval') {
    const { taskToken, request } = requestApprovalEventSchema.parse(payload);
    return requestApproval(deps, taskToken, request);
  }
  if (name === 'execute-action') {
    return executeAction(
      {
        alerts: deps.alerts,
        approvals: deps.approvals,
        configOf: deps.configOf,
        executorFor: executorFactory({ breakers: freshBreakers(), resolveSecret: async () => '', env: {}, fetch: localFetch }),
      },
      remediationRequestSchema.parse(payload),
    );
  }
  return recordOutcome(deps, recordOutcomeEventSchema.parse(payload));
});
deps = {
  log: logger,
  alerts: new DynamoAlertStore(dynamo, `alertgate-${stage}-alerts`),
  approvals: new DynamoApprovalStore(dynamo, `alertgate-${stage}-approvals`),
  incidents: new DynamoIncidentStore(dynamo, `alertgate-${stage}-incidents`),
  targets: new DynamoTargetStore(dynamo, `alertgate-${stage}-incidents`),
  limiter: new DynamoRateLimiter(dynamo, `alertgate-${stage}-provider-state`),
  workflow,
  audit: {
    send: async (events) => {
      audited += events.length;
    },
  },
  configOf: async () => DEFAULT_TENANT_CONFIG,
  notify: async () => {
    notified++;
  },
};

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: Number(p(sorted, 0.5).toFixed(1)), p99: Number(p(sorted, 0.99).toFixed(1)), max: Number((sorted.at(-1) ?? 0).toFixed(1)) };
};

async function storedAlert(tenant: string, n: number): Promise<AlertRecord> {
  const now = new Date().toISOString();
  return deps.alerts.save({
    record: {
      tenant,
      id: `alert-${n}`,
      source: 'alertmanager',
      fingerprint: `fp-${n}`,
      revision: 1,
      status: 'firing',
      name: 'KubePodCrashLooping',
      severity: 'warning',
      labels: { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: `api-${n}` },
      annotations: {},
      startsAt: now,
      firstSeenAt: now,
      lastSeenAt: now,
      updatedAt: now,
      notifications: 1,
      pending: {},
      version: 0,
    },
    expectedVersion: undefined,
  });
}

/** Starts a remediation needing one approval and returns its approval id once the approval exists. */
async function pending(tenant: string, n: number): Promise<{ id: string; execution: string; alertId: string }> {
  const alert = await storedAlert(tenant, n);
  const execution = executionNameFor(tenant, alert.id, alert.revision);
  await startRemediation(
    deps,
    remediationRequest(
      {
        alert,
        action: {
          name: 'restart_workload',
          params: { namespace: 'payments', name: 'api' },
          risk: 'medium',
          modeReason: 'bench',
          mode: 'approval',
        },
        execution,
        source: 'triage',
        requestedBy: 'system',
        requestedAt: new Date(),
        correlationId: `bench-${n}`,
      },
      DEFAULT_TENANT_CONFIG,
    ),
  );
  const id = approvalIdFor(execution);
  while ((await deps.approvals.get(tenant, id)) === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
  return { id, execution, alertId: alert.id };
}

const approver = (tenant: string, subject: string) => ({ subject, tenant, roles: ['approver' as const], via: 'jwt' as const });

try {
  const COUNT = 200;
  const votes: number[] = [];
  const toExecuted: number[] = [];
  for (let n = 0; n < COUNT; n++) {
    const { id, execution, alertId } = await pending('votes', n);
    const t0 = performance.now();
    await decideApproval(deps, approver('votes', 'alice'), id, { vote: 'approve' }, 'bench');
    votes.push(performance.now() - t0);
    while ((await deps.alerts.get('votes', alertId))?.remediations?.[execution]?.status !== 'executed') {
      await new Promise((resolve) => setImmediate(resolve));
    }
    toExecuted.push(performance.now() - t0);
  }

  const races: number[] = [];
  for (let n = 0; n < 50; n++) {
    const { id } = await pending('race', n);
    const t0 = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => decideApproval(deps, approver('race', `approver-${i}`), id, { vote: 'approve' }, 'bench')),
    );
    races.push(performance.now() - t0);
    if (results.filter((result) => result.status === 'fulfilled').length !== 1) throw new Error(`race ${n}: not exactly one winner`);
  }

  const OVERDUE = 300;
  for (let n = 0; n < OVERDUE; n++) await pending('expiry', n);
  const later = new Date(Date.now() + 2 * 3_600_000);
  const t0 = performance.now();
  const expired = await expireApprovals({ ...deps, now: () => later }, 'bench');
  const expirySeconds = (performance.now() - t0) / 1000;

  console.log('\nbench:approvals — in process, DynamoDB Local + local Step Functions endpoint, dry-run executor\n');
  console.table({
    'vote that decides (ms)': { runs: COUNT, ...summary(votes) },
    'approve → executed on the alert (ms)': { runs: COUNT, ...summary(toExecuted) },
    '10 approvers at once, all answered (ms)': { runs: races.length, ...summary(races) },
  });
  console.log(
    `expiry job: ${expired} of ${OVERDUE} overdue approvals closed in ${expirySeconds.toFixed(2)} s (${(expired / expirySeconds).toFixed(0)} approvals/s)`,
  );
  console.log(`audit events built: ${audited}, notifications: ${notified}`);
  const memory = process.memoryUsage();
  console.log(`memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await sfn.stop();
  await stack.stop();
}
