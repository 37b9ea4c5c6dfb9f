/**
 * The sweeper: finds alerts whose owed triage events outlived their lease (the request that
 * wrote them died before sending, or could not confirm) and sends them. With it, an event a
 * crashed request left behind goes out within about a minute, whether or not the sender retries.
 */
import { randomUUID } from 'node:crypto';
import pMap from 'p-map';
import { claimOwedEvents } from '../../domain/alerts/alert-lifecycle.ts';
import { ConflictError } from '../../domain/errors.ts';
import { type DeliveryDeps, deliverOwedEvents, type Owing } from './deliver-owed-events.ts';
import { DEFAULT_LEASE_MS } from './ingest-alerts.ts';

export interface SweepResult {
  readonly alerts: number;
  readonly resent: number;
  readonly lostRaces: number;
}

export async function resendOwedEvents(deps: DeliveryDeps & { readonly now?: () => Date }, limit = 500): Promise<SweepResult> {
  const now = (deps.now ?? (() => new Date()))();
  const requestId = `sweeper-${randomUUID()}`;
  const keys = await deps.alerts.listOwed(now.getTime(), limit);
  let lostRaces = 0;
  const owing: Owing[] = [];
  await pMap(
    keys,
    async ({ tenant, id }) => {
      const current = await deps.alerts.get(tenant, id);
      if (current === undefined) return;
      const claim = claimOwedEvents(current, { now, leaseMs: DEFAULT_LEASE_MS, requestId });
      if (claim.next === undefined) return;
      try {
        const record = await deps.alerts.save({ record: claim.next, expectedVersion: current.version });
        if (claim.enqueue.length > 0) owing.push({ record, events: claim.enqueue });
      } catch (error: unknown) {
        // Someone saw the alert meanwhile and took the events over: theirs to send now.
        if (!(error instanceof ConflictError)) throw error;
        lostRaces++;
      }
    },
    { concurrency: 8 },
  );
  await deliverOwedEvents(deps, owing, requestId, now);
  return { alerts: keys.length, resent: owing.reduce((sum, o) => sum + o.events.length, 0), lostRaces };
}
