/**
 * Puts owed events on the triage queue and confirms them on their records. What the queue
 * refuses has its lease released (so a retry sends it at once) and fails the call with 503;
 * what reached the queue but could not be confirmed goes again when its lease ends: at least once.
 */
import type { AlertEvent, AlertRecord } from '../domain/alert-record.ts';
import type { AlertStore } from '../domain/alert-store.ts';
import { ServiceUnavailableError } from '../domain/errors.ts';
import type { TriageQueue } from '../domain/triage-queue.ts';
import { logger } from '../observability.ts';

export interface Owing {
  /** The record as written, leasing the events. */
  readonly record: AlertRecord;
  readonly events: readonly AlertEvent[];
}

export async function deliverOwedEvents(
  deps: { readonly alerts: AlertStore; readonly queue: TriageQueue },
  owing: readonly Owing[],
  correlationId: string,
  now: Date,
): Promise<void> {
  const events = owing.flatMap(({ events: list }) => list);
  if (events.length === 0) return;
  let sent = new Set<string>();
  try {
    const result = await deps.queue.send(events, correlationId);
    sent = new Set(result.sent.map((event) => event.eventId));
    const confirmed = owing.flatMap(({ events: list, record }) => {
      const confirmedEvents = list.filter((event) => sent.has(event.eventId));
      return confirmedEvents.length === 0 ? [] : [{ record, events: confirmedEvents }];
    });
    await deps.alerts.markQueued(confirmed, now.toISOString());
    if (result.failed.length > 0) {
      throw new ServiceUnavailableError(
        `The triage queue refused ${result.failed.length} of ${events.length} events. The alerts are stored; send the notification again and only what is missing will be queued.`,
        5,
      );
    }
  } finally {
    await releaseUnsent(
      deps.alerts,
      events.filter((event) => !sent.has(event.eventId)),
    );
  }
}

async function releaseUnsent(alerts: AlertStore, unsent: readonly AlertEvent[]): Promise<void> {
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
    if (result.status === 'rejected')
      logger.warn('could not release a lease; the event goes out when it expires', { error: result.reason });
  }
}
