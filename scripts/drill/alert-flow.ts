/**
 * Alerts flowing into a drill tenant as Alertmanager sends them: a notification of a few new
 * crash-looping pods every `intervalMs`, each retried on a network error, a 5xx or a 429 with
 * Alertmanager's backoff (doubling from 500 ms, at most 5 s between tries) until it is accepted or
 * `giveUpAfterMs` has passed. Notifications go out on their cadence whatever the earlier ones' fate.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DrillStack } from './drill-stack.ts';

export interface SentNotification {
  readonly index: number;
  /** Alert ids the API gave back, once accepted. */
  readonly alertIds: readonly string[];
  readonly alerts: number;
  readonly accepted: boolean;
  readonly attempts: number;
  /** The statuses of the refused tries (0: no answer), e.g. `{ 503: 2 }`. */
  readonly refusals: Readonly<Record<string, number>>;
  readonly sentAt: number;
  readonly acceptedAt?: number;
}

export interface FlowOptions {
  readonly notifications: number;
  readonly alertsPerNotification: number;
  readonly intervalMs: number;
  /** Distinguishes this flow's pods from another's in the same tenant. */
  readonly label: string;
  readonly giveUpAfterMs?: number;
  /** Called once the `n`th notification has gone out (1-based), to start a fault mid-flow. */
  readonly onSent?: (n: number) => void;
}

const RETRYABLE = (status: number) => status === 0 || status === 429 || status >= 500;

export async function flowAlerts(stack: DrillStack, tenant: string, options: FlowOptions): Promise<SentNotification[]> {
  const sends: Promise<SentNotification>[] = [];
  for (let index = 0; index < options.notifications; index++) {
    sends.push(sendUntilAccepted(stack, tenant, index, options));
    options.onSent?.(index + 1);
    if (index < options.notifications - 1) await sleep(options.intervalMs);
  }
  return Promise.all(sends);
}

function notification(label: string, index: number, size: number) {
  const alerts = Array.from({ length: size }, (_, i) => ({
    status: 'firing',
    labels: { alertname: 'KubePodCrashLooping', namespace: 'drill', pod: `${label}-${index}-${i}`, severity: 'warning' },
    annotations: { summary: `Pod ${label}-${index}-${i} is crash looping` },
    startsAt: '2026-12-01T00:00:00Z',
  }));
  return { version: '4', status: 'firing', receiver: 'alertgate', groupKey: `{}:{drill="${label}-${index}"}`, alerts };
}

async function sendUntilAccepted(stack: DrillStack, tenant: string, index: number, options: FlowOptions): Promise<SentNotification> {
  const body = notification(options.label, index, options.alertsPerNotification);
  const sentAt = Date.now();
  const giveUpAt = sentAt + (options.giveUpAfterMs ?? 90_000);
  const refusals: Record<string, number> = {};
  let backoffMs = 500;
  for (let attempts = 1; ; attempts++) {
    let status = 0;
    let alertIds: string[] = [];
    try {
      const answer = await stack.api('POST', '/v1/webhooks/alertmanager', { tenant, roles: ['ingest'], subject: 'alertmanager' }, body);
      status = answer.status;
      alertIds = Array.isArray(answer.body.alerts) ? answer.body.alerts.map((alert: { id?: unknown }) => String(alert.id)) : [];
    } catch {
      status = 0;
    }
    const base = { index, alerts: body.alerts.length, attempts, refusals, sentAt };
    if (status >= 200 && status < 300) return { ...base, alertIds, accepted: true, acceptedAt: Date.now() };
    refusals[status] = (refusals[status] ?? 0) + 1;
    if (!RETRYABLE(status) || Date.now() + backoffMs > giveUpAt) return { ...base, alertIds: [], accepted: false };
    await sleep(backoffMs);
    backoffMs = Math.min(backoffMs * 2, 5_000);
  }
}
