/**
 * Ingest one notification's alerts: apply each to its stored record with a conditional write,
 * then put the events the writes produced on the triage queue and confirm them on the record.
 * If the queue refuses anything, the leases are released and the whole call fails with 503, so
 * the sender retries and the retry sends exactly what is still owed.
 */
import pMap from 'p-map';
import type { IncomingAlert, Outcome } from '../domain/alert.ts';
import { alertIdFor } from '../domain/alert-id.ts';
import { applyIncomingAlert } from '../domain/alert-lifecycle.ts';
import type { AlertEvent, AlertRecord } from '../domain/alert-record.ts';
import type { AlertStore } from '../domain/alert-store.ts';
import { ConflictError, ServiceUnavailableError } from '../domain/errors.ts';
import type { TriageQueue } from '../domain/triage-queue.ts';

export interface IngestDeps {
  readonly alerts: AlertStore;
  readonly queue: TriageQueue;
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

async function applyWithRetry(
  deps: IngestDeps,
  tenant: string,
  id: string,
  incoming: IncomingAlert,
  stored: AlertRecord | undefined,
  now: Date,
) {
  let current = stored;
  for (let attempt = 1; ; attempt++) {
    const transition = applyIncomingAlert(current, incoming, { tenant, id, now, leaseMs: deps.leaseMs ?? 60_000 });
    if (transition.next === undefined) return { transition, record: current };
    try {
      await deps.alerts.save(transition.next, current?.version);
      return { transition, record: transition.next };
    } catch (error: unknown) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      current = await deps.alerts.get(tenant, id);
    }
  }
}

export async function ingestAlerts(
  deps: IngestDeps,
  tenant: string,
  incoming: readonly IncomingAlert[],
  correlationId: string,
): Promise<IngestResult> {
  const now = (deps.now ?? (() => new Date()))();
  const ids = incoming.map((alert) => alertIdFor(alert.source, alert.fingerprint));
  const stored = await deps.alerts.getMany(tenant, ids);

  // The same alert twice in one notification is applied in order, by one worker.
  const byId = new Map<string, number[]>();
  for (const [index, id] of ids.entries()) byId.set(id, [...(byId.get(id) ?? []), index]);

  const results: IngestedAlert[] = new Array(incoming.length);
  const owed = new Map<string, AlertEvent[]>();
  await pMap(
    byId,
    async ([id, indexes]) => {
      let current = stored.get(id);
      for (const index of indexes) {
        const alert = incoming[index];
        if (alert === undefined) continue;
        const { transition, record } = await applyWithRetry(deps, tenant, id, alert, current, now);
        current = record;
        if (transition.enqueue.length > 0) owed.set(id, [...(owed.get(id) ?? []), ...transition.enqueue]);
        results[index] = {
          id,
          fingerprint: alert.fingerprint,
          status: record?.status ?? alert.status,
          revision: record?.revision ?? 1,
          outcome: transition.outcome,
        };
      }
    },
    { concurrency: deps.concurrency ?? 16 },
  );

  await sendOwedEvents(deps, tenant, owed, correlationId, now);

  const counts: Record<Outcome, number> = { created: 0, updated: 0, resolved: 0, duplicate: 0 };
  for (const result of results) counts[result.outcome]++;
  return { received: incoming.length, counts, alerts: results };
}

async function sendOwedEvents(
  deps: IngestDeps,
  tenant: string,
  owed: ReadonlyMap<string, AlertEvent[]>,
  correlationId: string,
  now: Date,
): Promise<void> {
  const events = [...owed.values()].flat();
  if (events.length === 0) return;
  const { sent, failed } = await deps.queue.send(events, correlationId);
  const perAlert = (list: readonly AlertEvent[]) => {
    const grouped = new Map<string, AlertEvent[]>();
    for (const event of list) grouped.set(event.alertId, [...(grouped.get(event.alertId) ?? []), event]);
    return grouped;
  };
  const at = now.toISOString();
  const concurrency = deps.concurrency ?? 16;
  await pMap(perAlert(sent), ([id, list]) => deps.alerts.markQueued(tenant, id, list, at), { concurrency });
  if (failed.length === 0) return;
  await pMap(perAlert(failed), ([id, list]) => deps.alerts.releaseLease(tenant, id, list), { concurrency });
  throw new ServiceUnavailableError(
    `The triage queue refused ${failed.length} of ${events.length} events. The alerts are stored; send the notification again and only what is missing will be queued.`,
    5,
  );
}
