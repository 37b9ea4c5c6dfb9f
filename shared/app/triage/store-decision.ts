/**
 * Writes a change of an alert's triage decision with its audit events in the same write (an
 * outbox on the alert), then sends them to the audit queue: if that fails, the caller fails and
 * the sweeper sends the events once their lease ends. Triage and corrections both change
 * decisions this way.
 */
import { randomUUID } from 'node:crypto';
import type { AlertRecord, PendingEvent } from '../../domain/alerts/alert-record.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import type { TriageDecision } from '../../domain/triage/decision.ts';
import { type DeliveryDeps, deliverOwedEvents } from '../ingest/deliver-owed-events.ts';
import { DEFAULT_LEASE_MS } from '../ingest/ingest-alerts.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';

export interface DecisionChange<R> {
  readonly decision: TriageDecision;
  readonly incidentId?: string;
  readonly audit: readonly AuditEvent[];
  readonly result: R;
}

export interface AlertRef {
  readonly tenant: string;
  readonly alertId: string;
  readonly correlationId: string;
}

const MAX_ATTEMPTS = 5;

/**
 * Re-applies `change` to a fresh read until the conditional write lands or `change` declines
 * (`{ skip }`). `load` reads the alert; `first`, when given, is used for the first attempt.
 */
export async function storeDecision<R>(
  deps: DeliveryDeps,
  ref: AlertRef,
  load: () => Promise<AlertRecord>,
  now: Date,
  change: (alert: AlertRecord) => DecisionChange<R> | { readonly skip: R },
  first?: AlertRecord,
): Promise<{ readonly result: R; readonly record?: AlertRecord }> {
  const requestId = randomUUID();
  return retryOnConflict(
    async (attempt) => {
      const alert = attempt === 1 && first !== undefined ? first : await load();
      const next = change(alert);
      if ('skip' in next) return { result: next.skip };
      const owed = Object.fromEntries(
        next.audit.map((audit): [string, PendingEvent] => [
          audit.eventId,
          { kind: 'audit', revision: alert.revision, leaseUntil: now.getTime() + DEFAULT_LEASE_MS, owner: requestId, audit },
        ]),
      );
      const record = await deps.alerts.save({
        record: {
          ...alert,
          decision: next.decision,
          ...(next.incidentId === undefined ? {} : { incidentId: next.incidentId }),
          pending: { ...alert.pending, ...owed },
        },
        expectedVersion: alert.version,
      });
      const events = next.audit.map((audit) => ({
        eventId: audit.eventId,
        kind: 'audit' as const,
        tenant: ref.tenant,
        alertId: ref.alertId,
        revision: alert.revision,
        audit,
      }));
      await deliverOwedEvents(deps, [{ record, events }], ref.correlationId, now);
      return { result: next.result, record };
    },
    { attempts: MAX_ATTEMPTS },
  );
}
