/**
 * Puts a triaged alert into its incident: the latest of its group (followed through merges) when
 * that still takes alerts, else a new one, the group's next. The hot path is one write: the
 * container remembers each group's incident and joins it with one conditional write (the store
 * adds the alert and its counts atomically), and a group it has not seen most often opens its
 * first incident with one conditional write (the other alerts of that group in the same
 * container wait for it, rather than race it). Any refused write falls back to reading the
 * group. Idempotent: an alert (revision) already in its incident changes nothing, and the events
 * it gives are the same ones again.
 */
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import { ConflictError } from '../../domain/errors.ts';
import { groupingOf, incidentTitle } from '../../domain/incidents/grouping.ts';
import { type Incident, type IncidentMember, openIncident, takesAlert, withAlert } from '../../domain/incidents/incident.ts';
import type { IncidentStore, IncidentSummary } from '../../domain/incidents/incident-store.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { TriageDecision } from '../../domain/triage/decision.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { memberEvents, summaryOf } from './incident-events.ts';
import type { RecentIncidents } from './recent-incidents.ts';

export interface IncidentDeps {
  readonly incidents: IncidentStore;
  /**
   * The incident each group's alerts last joined, remembered by this container: the next alert
   * of the group joins it with one conditional write, without reading the group first. A stale
   * entry only costs the write its condition refuses (see IncidentStore.addAlert).
   */
  readonly recentIncidents?: RecentIncidents;
}

/** Twenty alerts of one outage arrive together: enough rounds for each to win its write. */
const MAX_ATTEMPTS = 30;
const MAX_MERGE_HOPS = 5;

export interface Grouped {
  readonly incident: IncidentSummary;
  readonly events: readonly AuditEvent[];
  /** Set when this alert opened or reopened it: the people are told, once. */
  readonly announce?: { readonly type: 'incident-opened' | 'incident-reopened'; readonly title: string };
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
    source: alert.source,
    status: 'firing',
    joined,
    joinedAt: at,
  });
  const done = (incident: Incident | IncidentSummary, known: IncidentMember): Grouped => {
    const summary = 'alerts' in incident ? summaryOf(incident) : incident;
    const opened = 'alerts' in incident && known.joined === 'opened' ? incident : undefined;
    const announce =
      'alerts' in incident && known.joined !== 'joined'
        ? { type: known.joined === 'opened' ? ('incident-opened' as const) : ('incident-reopened' as const), title: incident.title }
        : undefined;
    return {
      incident: summary,
      events: memberEvents(summary, known, facts.correlationId, opened),
      ...(announce === undefined ? {} : { announce }),
    };
  };
  const opened = (sequence: number) => {
    const opening = member('opened');
    const incident = openIncident({
      tenant: alert.tenant,
      groupHash: grouping.groupHash,
      sequence,
      groupedBy: grouping.groupedBy,
      title: incidentTitle(alert.name, grouping),
      category: decision.category,
      ...(decision.service === undefined ? {} : { service: decision.service }),
      ...(decision.team === undefined ? {} : { team: decision.team }),
      member: opening,
      at,
    });
    return { incident, opening };
  };
  const quietSince = new Date(facts.at.getTime() - grouping.windowMs).toISOString();
  const recent = deps.recentIncidents;
  const joinRemembered = async (id: string): Promise<Grouped | undefined> => {
    const joining = member('joined');
    try {
      return done(await deps.incidents.addAlert(alert.tenant, id, joining, quietSince), joining);
    } catch (error: unknown) {
      if (!(error instanceof ConflictError)) throw error;
      // It no longer takes alerts, or has this one already: read the group.
      recent?.forget(alert.tenant, grouping.groupHash);
      return undefined;
    }
  };
  await recent?.settled(alert.tenant, grouping.groupHash);
  let remembered = recent?.get(alert.tenant, grouping.groupHash);
  if (remembered === undefined) {
    const opener = recent?.beginOpening(alert.tenant, grouping.groupHash);
    if (recent !== undefined && opener === undefined) {
      // Another alert of the group, in this container, is opening its incident: join that one.
      await recent.settled(alert.tenant, grouping.groupHash);
      remembered = recent.get(alert.tenant, grouping.groupHash);
    } else {
      // Most groups this container has not seen are new: opening the first incident is one
      // conditional write, and only a group that has one already needs reading.
      const { incident, opening } = opened(1);
      try {
        await deps.incidents.create(incident);
        recent?.remember(alert.tenant, grouping.groupHash, incident.id);
        return done(incident, opening);
      } catch (error: unknown) {
        if (!(error instanceof ConflictError)) throw error;
      } finally {
        opener?.end();
      }
    }
  }
  if (remembered !== undefined) {
    const joined = await joinRemembered(remembered);
    if (joined !== undefined) return joined;
  }
  const grouped = await retryOnConflict(
    async () => {
      const latest = await deps.incidents.latestOfGroup(alert.tenant, grouping.groupHash);
      const current = await followMerges(deps.incidents, latest);
      const known = current?.alerts[alert.id];
      if (current !== undefined && known !== undefined && known.revision === alert.revision) return done(current, known);
      if (current !== undefined && takesAlert(current, facts.at, grouping)) {
        if (current.status !== 'resolved' && known === undefined) {
          // One atomic write, whatever joined meanwhile: alerts of one outage do not race each other.
          const joining = member('joined');
          return done(await deps.incidents.addAlert(alert.tenant, current.id, joining, quietSince), joining);
        }
        // Reopening it (or a new revision of one of its alerts): a versioned write of the whole.
        const joining = member(current.status === 'resolved' ? 'reopened' : 'joined');
        const joined = withAlert(current, joining, at);
        if (joined.change === 'already') return done(current, joining);
        await deps.incidents.save(joined.incident, [joining]);
        return done(joined.incident, joining);
      }
      const { incident, opening } = opened((latest?.sequence ?? 0) + 1);
      await deps.incidents.create(incident);
      return done(incident, opening);
    },
    { attempts: MAX_ATTEMPTS },
  );
  if (grouped.incident.status !== 'merged') recent?.remember(alert.tenant, grouping.groupHash, grouped.incident.id);
  return grouped;
}
