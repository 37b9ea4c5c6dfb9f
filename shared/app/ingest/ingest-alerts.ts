/**
 * Ingest one notification's alerts: apply each to its stored record under a version condition,
 * then put the events those writes produced on the triage queue and confirm them on the records.
 * If the queue refuses anything, the leases are released and the whole call fails with 503, so
 * the sender retries and the retry sends exactly what is still owed.
 */

import { randomUUID } from 'node:crypto';
import pMap from 'p-map';
import type { IncomingAlert, Outcome } from '../../domain/alerts/alert.ts';
import { alertIdFor } from '../../domain/alerts/alert-id.ts';
import { applyIncomingAlert, isPlainRepeat } from '../../domain/alerts/alert-lifecycle.ts';
import type { AlertEvent, AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { TriageQueue } from '../../domain/alerts/triage-queue.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import type { Log } from '../../domain/log.ts';
import type { Meter } from '../../domain/metrics/meter.ts';
import type { ReceivedCounter } from '../../domain/metrics/received-counter.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { deliverOwedEvents } from './deliver-owed-events.ts';

export interface IngestDeps {
  readonly alerts: AlertStore;
  readonly queue: TriageQueue;
  readonly audit: AuditLog;
  readonly log: Log;
  /** Operational metrics: alerts received by source and outcome. */
  readonly meter?: Meter;
  /** The tenant's all-time received counters, for GET /v1/metrics (the webhook route only). */
  readonly received?: ReceivedCounter;
  readonly now?: () => Date;
  /** How long a request owns sending the events it wrote; longer than the function's timeout. */
  readonly leaseMs?: number;
  readonly concurrency?: number;
}

export interface IngestedAlert {
  readonly id: string;
  readonly fingerprint: string;
  readonly status: AlertRecord['status'];
  readonly revision: number;
  readonly outcome: Outcome;
}

export interface IngestResult {
  readonly received: number;
  readonly counts: Readonly<Record<Outcome, number>>;
  readonly alerts: readonly IngestedAlert[];
}

const MAX_ATTEMPTS = 8;
/** Longer than the ingest function's timeout, so a slow but live request is never sent twice. */
export const DEFAULT_LEASE_MS = 30_000;

/** What the notification does to one stored alert (it may name the same alert more than once). */
interface Plan {
  readonly id: string;
  readonly expectedVersion: number | undefined;
  /** The record to write, or undefined when nothing changed. */
  readonly next: AlertRecord | undefined;
  /** Only seen again (isPlainRepeat): its count and time are written, not the whole record. */
  readonly plainRepeat: boolean;
  readonly enqueue: readonly AlertEvent[];
  readonly results: readonly [index: number, result: IngestedAlert][];
}

function plan(
  tenant: string,
  id: string,
  indexes: readonly number[],
  incoming: readonly IncomingAlert[],
  current: AlertRecord | undefined,
  now: Date,
  leaseMs: number,
  requestId: string,
  actor: string,
  correlationId: string,
): Plan {
  let state = current;
  let changed = false;
  const enqueue: AlertEvent[] = [];
  const results: [number, IngestedAlert][] = [];
  for (const index of indexes) {
    const alert = incoming[index];
    if (alert === undefined) continue;
    const transition = applyIncomingAlert(state, alert, { tenant, id, now, leaseMs, requestId, actor, correlationId });
    if (transition.next !== undefined) {
      state = transition.next;
      changed = true;
    }
    enqueue.push(...transition.enqueue);
    results.push([
      index,
      {
        id,
        fingerprint: alert.fingerprint,
        status: state?.status ?? alert.status,
        revision: state?.revision ?? 1,
        outcome: transition.outcome,
      },
    ]);
  }
  const next = changed ? state : undefined;
  const plainRepeat = current !== undefined && next !== undefined && isPlainRepeat(current, next);
  return { id, expectedVersion: current?.version, next, plainRepeat, enqueue, results };
}

/** Lost a race for this alert: read it again and redo its part, until a write lands. */
async function replanUntilWritten(deps: IngestDeps, make: (current: AlertRecord | undefined) => Plan, tenant: string, id: string) {
  return retryOnConflict(
    async () => {
      const current = await deps.alerts.get(tenant, id);
      const again = make(current);
      if (again.next === undefined) return { plan: again, written: current };
      return { plan: again, written: await deps.alerts.save({ record: again.next, expectedVersion: again.expectedVersion }) };
    },
    {
      attempts: MAX_ATTEMPTS,
      baseDelayMs: 10,
      exhausted: (error) =>
        new ServiceUnavailableError(`Alert ${id} is changing too fast to update; send the notification again`, 2, { cause: error }),
    },
  );
}

export async function ingestAlerts(
  deps: IngestDeps,
  tenant: string,
  incoming: readonly IncomingAlert[],
  correlationId: string,
  actor: string,
): Promise<IngestResult> {
  const now = (deps.now ?? (() => new Date()))();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  // One id per call: a retry inside this call (the SDK's, or a replan) recognises its own leases.
  const requestId = randomUUID();
  const ids = incoming.map((alert) => alertIdFor(alert.source, alert.fingerprint));
  const byId = new Map<string, number[]>();
  for (const [index, id] of ids.entries()) byId.set(id, [...(byId.get(id) ?? []), index]);

  const stored = await deps.alerts.getMany(tenant, ids);
  const planFor = (id: string) => (current: AlertRecord | undefined) =>
    plan(tenant, id, byId.get(id) ?? [], incoming, current, now, leaseMs, requestId, actor, correlationId);
  const plans = [...byId.keys()].map((id) => planFor(id)(stored.get(id)));

  // Most of a notification is its alerts seen again: those write their count and time only.
  const [whole, seen] = await Promise.all([
    deps.alerts.saveAll(
      plans.flatMap((p) => (p.next === undefined || p.plainRepeat ? [] : [{ record: p.next, expectedVersion: p.expectedVersion }])),
    ),
    deps.alerts.recordSightings(plans.flatMap((p) => (p.next !== undefined && p.plainRepeat ? [p.next] : []))),
  ]);
  const conflicts = [...whole.conflicts, ...seen.conflicts];
  const written = new Map([...whole.saved, ...seen.saved].map((record) => [record.id, record]));
  const settled: { plan: Plan; written: AlertRecord | undefined }[] = plans
    .filter((p) => !conflicts.includes(p.id))
    .map((p) => ({ plan: p, written: written.get(p.id) }));
  settled.push(
    ...(await pMap(conflicts, (id) => replanUntilWritten(deps, planFor(id), tenant, id), { concurrency: deps.concurrency ?? 16 })),
  );

  const owing = settled.flatMap(({ plan: p, written }) =>
    p.enqueue.length > 0 && written !== undefined ? [{ events: p.enqueue, record: written }] : [],
  );
  await deliverOwedEvents(deps, owing, correlationId, now);

  const results: IngestedAlert[] = new Array(incoming.length);
  for (const { plan: p } of settled) for (const [index, result] of p.results) results[index] = result;
  const counts: Record<Outcome, number> = { created: 0, updated: 0, resolved: 0, duplicate: 0 };
  for (const result of results) counts[result.outcome]++;
  const bySource = new Map<string, number>();
  incoming.forEach((alert, i) => {
    const key = `${alert.source}|${results[i]?.outcome ?? 'unknown'}`;
    bySource.set(key, (bySource.get(key) ?? 0) + 1);
  });
  for (const [key, n] of bySource) {
    const [source = '', outcome = ''] = key.split('|');
    deps.meter?.count('AlertsReceived', { source, outcome }, n);
  }
  return { received: incoming.length, counts, alerts: results };
}
