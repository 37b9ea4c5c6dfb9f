/**
 * An alert of an incident resolved: the incident marks it, and resolves once none of its alerts
 * fires. Idempotent: when the alert is already marked, the event its resolution gave (if it
 * closed the incident) is given again, with the same id.
 */
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import { type Incident, quietResolved } from '../../domain/incidents/incident.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { followMerges, type IncidentDeps } from './group-alert.ts';
import { resolvedEvent } from './incident-events.ts';

const MAX_ATTEMPTS = 30;

export interface Resolution {
  readonly incident: Incident;
  readonly events: readonly AuditEvent[];
  /** True when this alert's resolution resolved the incident. */
  readonly closed: boolean;
  /** True when this call made that write (not a repeat of it): the people are told once. */
  readonly closedNow: boolean;
}

export async function resolveAlertInIncident(
  deps: IncidentDeps,
  key: { readonly tenant: string; readonly incidentId: string; readonly alertId: string; readonly revision: number },
  facts: { readonly at: Date; readonly correlationId: string },
): Promise<Resolution | undefined> {
  const found = await followMerges(deps.incidents, await deps.incidents.get(key.tenant, key.incidentId));
  if (found === undefined) return undefined;
  const at = facts.at.toISOString();
  // Marked in one atomic write; then, if nothing fires any more, a versioned write closes it.
  const marked = await deps.incidents.resolveAlert(key.tenant, found.id, key.alertId, key.revision, at);
  return retryOnConflict(
    async (attempt) => {
      const incident = attempt === 1 ? (marked ?? found) : await deps.incidents.get(key.tenant, found.id);
      if (incident === undefined) return undefined;
      const closing = quietResolved(incident, at);
      if (closing !== undefined) await deps.incidents.save(closing);
      const now = closing ?? incident;
      const member = now.alerts[key.alertId];
      const closed = now.status === 'resolved' && now.resolvedBy === 'system' && member?.resolvedAt === now.resolvedAt;
      return { incident: now, events: closed ? [resolvedEvent(now, facts.correlationId)] : [], closed, closedNow: closing !== undefined };
    },
    { attempts: MAX_ATTEMPTS },
  );
}
