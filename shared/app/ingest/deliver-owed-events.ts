/**
 * Puts owed events on the triage queue and confirms them on their records. What the queue
 * refuses has its lease released (so a retry sends it at once) and fails the call with 503;
 * what reached the queue but could not be confirmed goes again when its lease ends: at least once.
 */

import { type AlertEvent, type AlertRecord, isTriageBound } from '../../domain/alerts/alert-record.ts';
import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { TriageQueue } from '../../domain/alerts/triage-queue.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import type { Log } from '../../domain/log.ts';

export interface Owing {
  /** The record as written, leasing the events. */
  readonly record: AlertRecord;
  readonly events: readonly AlertEvent[];
}

export interface DeliveryDeps {
  readonly alerts: AlertStore;
  readonly queue: TriageQueue;
  readonly audit: AuditLog;
  readonly log: Log;
}

/** Sends the audit-bound events; all of them count as refused when the audit queue fails. */
async function sendAudit(
  audit: AuditLog,
  log: Log,
  events: readonly AlertEvent[],
): Promise<{ sent: readonly AlertEvent[]; failed: readonly AlertEvent[] }> {
  const payloads = events.flatMap((event) => (event.audit === undefined ? [] : [event.audit]));
  try {
    await audit.send(payloads);
    return { sent: events, failed: [] };
  } catch (error: unknown) {
    log.error('audit queue refused events', { error, events: events.length });
    return { sent: [], failed: events };
  }
}

export async function deliverOwedEvents(deps: DeliveryDeps, owing: readonly Owing[], correlationId: string, now: Date): Promise<void> {
  const events = owing.flatMap(({ events: list }) => list);
  if (events.length === 0) return;
  let sent = new Set<string>();
  try {
    const [toTriage, toAudit] = await Promise.all([
      deps.queue.send(events.filter(isTriageBound), correlationId),
      sendAudit(
        deps.audit,
        deps.log,
        events.filter((event) => !isTriageBound(event)),
      ),
    ]);
    const result = { sent: [...toTriage.sent, ...toAudit.sent], failed: [...toTriage.failed, ...toAudit.failed] };
    sent = new Set(result.sent.map((event) => event.eventId));
    const confirmed = owing.flatMap(({ events: list, record }) => {
      const confirmedEvents = list.filter((event) => sent.has(event.eventId));
      return confirmedEvents.length === 0 ? [] : [{ record, events: confirmedEvents }];
    });
    await deps.alerts.markQueued(confirmed, now.toISOString());
    if (result.failed.length > 0) {
      throw new ServiceUnavailableError(
        `The queues refused ${result.failed.length} of ${events.length} events. The alerts are stored; send the notification again and only what is missing will be queued.`,
        5,
      );
    }
  } finally {
    await releaseUnsent(
      deps.alerts,
      deps.log,
      events.filter((event) => !sent.has(event.eventId)),
    );
  }
}

async function releaseUnsent(alerts: AlertStore, log: Log, unsent: readonly AlertEvent[]): Promise<void> {
  const byAlert = new Map<string, AlertEvent[]>();
  for (const event of unsent) {
    const key = `${event.tenant}/${event.alertId}`;
    byAlert.set(key, [...(byAlert.get(key) ?? []), event]);
  }
  const results = await Promise.allSettled(
    [...byAlert.values()].map((list) =>
      list[0] === undefined ? Promise.resolve() : alerts.releaseLease(list[0].tenant, list[0].alertId, list),
    ),
  );
  for (const result of results) {
    if (result.status === 'rejected') log.warn('could not release a lease; the event goes out when it expires', { error: result.reason });
  }
}
