/**
 * What people do to incidents: acknowledge, resolve, merge. Each is a conditional write (a lost
 * race re-reads and re-applies) and then its audit event; repeating one is harmless (it changes
 * nothing and records the same event again, which the audit writer appends once).
 */
import * as z from 'zod';
import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { BadRequestError, NotFoundError } from '../../domain/errors.ts';
import { acknowledged, type Incident, merged, resolved } from '../../domain/incidents/incident.ts';
import type { IncidentStore } from '../../domain/incidents/incident-store.ts';
import type { IncidentNotificationType } from '../../domain/notifications/notification-event.ts';
import type { Principal } from '../../domain/roles.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { acknowledgedEvent, mergedEvents, resolvedEvent } from './incident-events.ts';
import { briefOf, type IncidentTeller, newestMember, tellIncident } from './incident-notifications.ts';
import { getIncident } from './read-incidents.ts';

export interface ChangeIncidentDeps extends IncidentTeller {
  readonly incidents: IncidentStore;
  /** A merge points the moved alerts at the incident they now belong to. */
  readonly alerts: AlertStore;
  readonly audit: AuditLog;
  readonly now?: () => Date;
}

/** One message per state change a person made (a repeat that changed nothing tells no one). */
function tell(deps: ChangeIncidentDeps, type: IncidentNotificationType, incident: Incident, correlationId: string): Promise<void> {
  return tellIncident(
    deps,
    type,
    incident.tenant,
    briefOf(incident),
    { alert: newestMember(incident), at: incident.updatedAt },
    correlationId,
  );
}

const MAX_ATTEMPTS = 10;

export const mergeIncidentsBody = z.strictObject({
  from: z.array(z.string().min(1).max(64)).min(1).max(20),
});

function nowOf(deps: ChangeIncidentDeps): string {
  return (deps.now ?? (() => new Date()))().toISOString();
}

/** The incident after `apply`, and whether this call changed it. */
async function change(
  deps: ChangeIncidentDeps,
  principal: Principal,
  id: string | undefined,
  apply: (incident: Incident, at: string) => Incident | undefined,
): Promise<{ incident: Incident; changed: boolean }> {
  return retryOnConflict(
    async () => {
      const incident = await getIncident(deps.incidents, principal.tenant, id);
      const next = apply(incident, nowOf(deps));
      if (next === undefined) return { incident, changed: false };
      await deps.incidents.save(next);
      return { incident: next, changed: true };
    },
    { attempts: MAX_ATTEMPTS },
  );
}

export async function acknowledgeIncident(deps: ChangeIncidentDeps, principal: Principal, id: string | undefined, correlationId: string) {
  const { incident, changed } = await change(deps, principal, id, (current, at) => acknowledged(current, principal.subject, at));
  await deps.audit.send([acknowledgedEvent(incident, correlationId)]);
  if (changed) await tell(deps, 'incident-acknowledged', incident, correlationId);
  return incident;
}

export async function resolveIncident(deps: ChangeIncidentDeps, principal: Principal, id: string | undefined, correlationId: string) {
  const { incident, changed } = await change(deps, principal, id, (current, at) => resolved(current, principal.subject, at));
  await deps.audit.send([resolvedEvent(incident, correlationId)]);
  if (changed) await tell(deps, 'incident-resolved', incident, correlationId);
  return incident;
}

/** Alerts re-pointed at once: a merge moves at most 20 × 500, in rounds this wide. */
const REPOINT_CONCURRENCY = 10;

/**
 * Points the alerts of merged incidents at the one they now belong to. Safe to repeat, and
 * nothing is lost if one fails: its old incident points onward (mergedInto), and triage and
 * resolution follow that pointer.
 */
async function repointAlerts(deps: ChangeIncidentDeps, target: Incident, sources: readonly Incident[]): Promise<void> {
  const moved = new Set(sources.map((source) => source.id));
  const ids = sources.flatMap((source) => Object.keys(source.alerts));
  for (let i = 0; i < ids.length; i += REPOINT_CONCURRENCY) {
    await Promise.all(
      ids.slice(i, i + REPOINT_CONCURRENCY).map((alertId) =>
        retryOnConflict(
          async () => {
            const alert = await deps.alerts.get(target.tenant, alertId);
            if (alert?.incidentId === undefined || !moved.has(alert.incidentId)) return;
            await deps.alerts.save({ record: { ...alert, incidentId: target.id }, expectedVersion: alert.version });
          },
          { attempts: MAX_ATTEMPTS },
        ),
      ),
    );
  }
}

/** Merges the `from` incidents into `id`, in one transaction: all move, or none. */
export async function mergeIncidents(
  deps: ChangeIncidentDeps,
  principal: Principal,
  id: string | undefined,
  body: z.output<typeof mergeIncidentsBody>,
  correlationId: string,
): Promise<Incident> {
  const from = [...new Set(body.from)];
  if (from.includes(id ?? '')) throw new BadRequestError('An incident cannot be merged into itself');
  const result = await retryOnConflict(
    async () => {
      const target = await getIncident(deps.incidents, principal.tenant, id);
      const sources = await Promise.all(from.map((source) => deps.incidents.get(principal.tenant, source)));
      const missing = from.filter((_, index) => sources[index] === undefined);
      if (missing.length > 0) throw new NotFoundError(`No incident ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
      const found = sources.filter((source): source is Incident => source !== undefined);
      // A repeated merge: everything already points here.
      if (found.every((source) => source.status === 'merged' && source.mergedInto === target.id)) {
        return { target, sources: found, changed: false };
      }
      const next = merged(target, found, nowOf(deps));
      await deps.incidents.saveMerge(next);
      return { ...next, changed: true };
    },
    { attempts: MAX_ATTEMPTS },
  );
  await deps.audit.send(mergedEvents(result.target, result.sources, principal.subject, correlationId));
  if (result.changed) await tell(deps, 'incident-merged', result.target, correlationId);
  await repointAlerts(deps, result.target, result.sources);
  return result.target;
}
