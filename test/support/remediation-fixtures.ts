/** Alerts, execution requests and configs for the executor and notification tests. */
import { createHash } from 'node:crypto';
import { isTransientFailure } from '../../shared/adapters/outbound-http/http-delivery.ts';
import { TargetBreakers } from '../../shared/adapters/outbound-http/target-breakers.ts';
import type { SecretResolver } from '../../shared/adapters/secrets/secret-resolver.ts';
import type { ActionName } from '../../shared/domain/actions/registry.ts';
import type { AlertRecord } from '../../shared/domain/alerts/alert-record.ts';
import type { StoredApproval } from '../../shared/domain/approvals/approval-store.ts';
import type { NotificationEvent } from '../../shared/domain/notifications/notification-event.ts';
import type { ExecutionRequest } from '../../shared/domain/remediation/execution.ts';
import { type RemediationConfig, remediationConfigSchema } from '../../shared/domain/remediation/executor-config.ts';

export const WEBHOOK_SECRET = 'whsec_9f2c1b7e4d8a4f0b8c3e2a1d7f6e5c4b';
export const ALERTMANAGER_TOKEN = 'am-token-3c1e9b7d5f2a4c6e8b0d1f3a5c7e9b2d';

export function alertRecord(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    tenant: 'acme',
    id: 'al_01JABCDEF',
    source: 'alertmanager',
    fingerprint: 'c5e7f1a2b3d4e5f6',
    revision: 2,
    status: 'firing',
    name: 'KubePodCrashLooping',
    severity: 'critical',
    summary: 'Pod payments/api-7d9 is crash looping',
    labels: { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'api-7d9', severity: 'critical' },
    annotations: { runbook_url: 'https://runbooks.example.com/crashloop' },
    startsAt: '2025-01-10T09:00:00.000Z',
    firstSeenAt: '2025-01-10T09:00:05.000Z',
    lastSeenAt: '2025-01-10T09:05:05.000Z',
    updatedAt: '2025-01-10T09:05:05.000Z',
    notifications: 3,
    pending: {},
    version: 7,
    ...overrides,
  };
}

export function executionRequest(
  name: ActionName,
  params: Record<string, unknown>,
  overrides: Partial<ExecutionRequest> = {},
): ExecutionRequest {
  return {
    tenant: 'acme',
    approvalId: 'ap_01JXYZ',
    alert: alertRecord(),
    action: { name, params },
    requestedBy: 'user:alice@example.com',
    correlationId: 'corr-123',
    ...overrides,
  };
}

export function liveConfig(overrides: Partial<RemediationConfig> = {}): RemediationConfig {
  return {
    ...remediationConfigSchema.parse({
      executor: 'live',
      webhooks: [
        {
          id: 'restart-api',
          url: 'https://hooks.example.com/remediate?token=query-secret-123',
          secretRef: 'env:ALERTGATE_WEBHOOK_RESTART',
          templates: { api: { deployment: 'api' } },
        },
      ],
      alertmanager: {
        url: 'https://alertmanager.example.com/',
        authorization: { type: 'Bearer', credentialsRef: 'env:ALERTGATE_SECRET_AM' },
      },
      ssm: {
        roleArn: 'arn:aws:iam::123456789012:role/alertgate-remediation',
        region: 'eu-west-1',
        allowedDocuments: ['AWS-RestartEC2Instance'],
      },
    }),
    ...overrides,
  };
}

/** A resolver over a fixed map, recording what it was asked. */
export function fakeSecrets(values: Readonly<Record<string, string>> = {}) {
  const asked: { tenant: string; ref: string }[] = [];
  const resolve: SecretResolver = async (tenant, ref) => {
    asked.push({ tenant, ref });
    const value = values[ref];
    if (value === undefined) throw new Error(`no secret ${ref}`);
    return value;
  };
  return { resolve, asked };
}

export const SECRETS = {
  'env:ALERTGATE_WEBHOOK_RESTART': WEBHOOK_SECRET,
  'env:ALERTGATE_SECRET_AM': ALERTMANAGER_TOKEN,
} as const;

export function notificationEvent(overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    type: 'requested',
    tenant: 'acme',
    approvalId: 'ap_01JXYZ',
    alert: {
      id: 'al_01JABCDEF',
      name: 'KubePodCrashLooping',
      severity: 'critical',
      status: 'firing',
      summary: 'Pod payments/api-7d9 is crash looping',
    },
    action: { name: 'restart_workload', params: { namespace: 'payments', kind: 'deployment', name: 'api' } },
    risk: 'medium',
    mode: 'approval',
    deadline: '2025-01-10T10:05:05.000Z',
    link: 'https://alertgate.example.com/approvals/ap_01JXYZ',
    at: '2025-01-10T09:05:06.000Z',
    ...overrides,
  };
}

/** A fetch that answers from a script and records each request as sent. */
export function scriptedFetch(...answers: ({ status: number; body?: string } | Error)[]) {
  const sent: { url: string; method: string; headers: Record<string, string>; body: string }[] = [];
  let index = 0;
  const fetchFn: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(headers.entries()),
      body: typeof init?.body === 'string' ? init.body : '',
    });
    const answer = answers[Math.min(index, answers.length - 1)] ?? { status: 200 };
    index += 1;
    if (answer instanceof Error) throw answer;
    return new Response(answer.body ?? null, { status: answer.status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetchFn, sent };
}

/** A pending one-approver approval, with its (server-side) task token. */
export function storedApproval(overrides: Partial<StoredApproval> = {}): StoredApproval {
  return {
    tenant: 'acme',
    id: 'ap1',
    alertId: 'a1',
    revision: 1,
    execution: 'a1-1',
    action: { name: 'restart_workload', params: { namespace: 'payments', name: 'checkout-api' } },
    risk: 'medium',
    requiredApprovals: 1,
    votes: [],
    status: 'pending',
    deadline: '2026-11-22T11:00:00.000Z',
    createdAt: '2026-11-22T09:59:00.000Z',
    source: 'triage',
    requestedBy: 'alertmanager-key',
    version: 1,
    taskToken: 'token-1',
    ...overrides,
  };
}

/** Breakers of their own for each test: a circuit one test opens never refuses another's calls. */
export function freshBreakers(): TargetBreakers {
  return new TargetBreakers(isTransientFailure);
}

/** How an outcome records what a target answered: its status, size and SHA-256, never the body. */
export function answered(status: number, body: string) {
  return { status, bytes: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex') };
}
