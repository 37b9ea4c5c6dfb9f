/**
 * Puts a triaged alert into its incident: the latest of its group (followed through merges) when
 * that still takes alerts, else a new one, the group's next. Concurrent alerts of one group race
 * on conditional writes: one opens the incident, the others lose the race, read it, and join.
 * Idempotent: an alert (revision) already in its incident changes nothing, and the events it
 * gives are the same ones again.
 */
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import { groupingOf, incidentTitle } from '../../domain/incidents/grouping.ts';
import { type Incident, type IncidentMember, openIncident, takesAlert, withAlert } from '../../domain/incidents/incident.ts';
import type { IncidentStore } from '../../domain/incidents/incident-store.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { TriageDecision } from '../../domain/triage/decision.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { memberEvents } from './incident-events.ts';

export interface IncidentDeps {
  readonly incidents: IncidentStore;
}

/** Twenty alerts of one outage arrive together: enough rounds for each to win its write. */
const MAX_ATTEMPTS = 30;
const MAX_MERGE_HOPS = 5;

export interface Grouped {
  readonly incident: Incident;
  readonly events: readonly AuditEvent[];
  /** True when this alert opened or reopened it: the people are told. */
  readonly announces: boolean;
}

/** The incident a merged one now lives in (a merge moves its alerts there). */
export async function followMerges(incidents: IncidentStore, found: Incident | undefined): Promise<Incident | undefined> {
  let incident = found;
  for (let hop = 0; incident?.status === 'merged' && incident.mergedInto !== undefined && hop < MAX_MERGE_HOPS; hop++) {
    incident = await incidents.get(incident.tenant, incident.mergedInto);
  }
  return incident;
}

export async function groupAlert(
  deps: IncidentDeps,
  alert: AlertRecord,
  decision: Pick<TriageDecision, 'category' | 'service' | 'team' | 'severity'>,
  config: TenantConfig,
  facts: { readonly at: Date; readonly correlationId: string },
): Promise<Grouped> {
  const grouping = groupingOf(
    { labels: alert.labels, groupKey: alert.groupKey, category: decision.category, service: decision.service },
    config.incidents,
  );
  const at = facts.at.toISOString();
  const member = (joined: IncidentMember['joined']): IncidentMember => ({
    alertId: alert.id,
    revision: alert.revision,
    name: alert.name,
    severity: decision.severity,
    status: 'firing',
    joined,
    joinedAt: at,
  });
  const done = (incident: Incident, known: IncidentMember): Grouped => ({
    incident,
    events: memberEvents(incident, known, facts.correlationId),
    announces: known.joined !== 'joined',
  });
  return retryOnConflict(
    async () => {
      const latest = await deps.incidents.latestOfGroup(alert.tenant, grouping.groupHash);
      const current = await followMerges(deps.incidents, latest);
      const known = current?.alerts[alert.id];
      if (current !== undefined && known !== undefined && known.revision === alert.revision) return done(current, known);
      if (current !== undefined && current.status !== 'merged' && takesAlert(current, facts.at, grouping)) {
        const joining = member(current.status === 'resolved' ? 'reopened' : 'joined');
        const joined = withAlert(current, joining, at);
        if (joined.change === 'already') return done(current, joining);
        await deps.incidents.save(joined.incident);
        return done(joined.incident, joining);
      }
      const opening = member('opened');
      const incident = openIncident({
        tenant: alert.tenant,
        groupHash: grouping.groupHash,
        sequence: (latest?.sequence ?? 0) + 1,
        groupedBy: grouping.groupedBy,
        title: incidentTitle(alert.name, grouping),
        category: decision.category,
        ...(decision.service === undefined ? {} : { service: decision.service }),
        ...(decision.team === undefined ? {} : { team: decision.team }),
        member: opening,
        at,
      });
      await deps.incidents.create(incident);
      return done(incident, opening);
    },
    { attempts: MAX_ATTEMPTS },
  );
}
