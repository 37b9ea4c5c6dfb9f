/**
 * An alert of an incident resolved: the incident marks it, and resolves once none of its alerts
 * fires. Idempotent: when the alert is already marked, the event its resolution gave (if it
 * closed the incident) is given again, with the same id.
 */
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import { type Incident, withAlertResolved } from '../../domain/incidents/incident.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { followMerges, type IncidentDeps } from './group-alert.ts';
import { resolvedEvent } from './incident-events.ts';

const MAX_ATTEMPTS = 30;

export interface Resolution {
  readonly incident: Incident;
  readonly events: readonly AuditEvent[];
  /** True when this alert's resolution resolved the incident. */
  readonly closed: boolean;
}

export async function resolveAlertInIncident(
  deps: IncidentDeps,
  key: { readonly tenant: string; readonly incidentId: string; readonly alertId: string; readonly revision: number },
  facts: { readonly at: Date; readonly correlationId: string },
): Promise<Resolution | undefined> {
  return retryOnConflict(
    async () => {
      const incident = await followMerges(deps.incidents, await deps.incidents.get(key.tenant, key.incidentId));
      if (incident === undefined) return undefined;
      const next = withAlertResolved(incident, key.alertId, key.revision, facts.at.toISOString());
      if (next !== undefined) await deps.incidents.save(next);
      const now = next ?? incident;
      const member = now.alerts[key.alertId];
      const closed = now.status === 'resolved' && now.resolvedBy === 'system' && member?.resolvedAt === now.resolvedAt;
      return { incident: now, events: closed ? [resolvedEvent(now, facts.correlationId)] : [], closed };
    },
    { attempts: MAX_ATTEMPTS },
  );
}
