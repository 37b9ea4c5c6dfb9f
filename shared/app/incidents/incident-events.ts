/**
 * The audit events of incidents. Ids are derived from the fact (the incident, and the alert or
 * the number of times it reopened), so a use case retried after a partial failure sends the same
 * events again and the audit writer appends each once.
 */
import type { AuditEvent, AuditEventType } from '../../domain/audit/audit-event.ts';
import type { Incident, IncidentMember } from '../../domain/incidents/incident.ts';
import type { IncidentSummary } from '../../domain/incidents/incident-store.ts';

interface Fact {
  readonly type: AuditEventType & `incident.${string}`;
  readonly incident: IncidentSummary;
  readonly eventId: string;
  readonly actor: string;
  readonly at: string;
  readonly correlationId: string;
  readonly alertId?: string;
  readonly data?: Record<string, unknown>;
}

function incidentEvent(fact: Fact): AuditEvent {
  const { incident } = fact;
  return {
    eventId: fact.eventId,
    tenant: incident.tenant,
    time: fact.at,
    type: fact.type,
    actor: fact.actor,
    subjects: { incidentId: incident.id, ...(fact.alertId === undefined ? {} : { alertId: fact.alertId }) },
    correlationId: fact.correlationId,
    data: { status: incident.status, severity: incident.severity, alerts: incident.alertCount, ...fact.data },
  };
}

/** An incident as its events describe it. */
export function summaryOf(incident: Incident): IncidentSummary {
  return {
    tenant: incident.tenant,
    id: incident.id,
    status: incident.status,
    severity: incident.severity,
    alertCount: Object.keys(incident.alerts).length,
  };
}

/**
 * What an alert's coming into an incident records: it opened, joined or reopened it. The opening
 * event names the title, grouping and category of the incident it opened (`opened`).
 */
export function memberEvents(
  incident: IncidentSummary,
  member: IncidentMember,
  correlationId: string,
  opened?: Pick<Incident, 'title' | 'groupedBy' | 'category'>,
): AuditEvent[] {
  const base = { incident, actor: 'system', at: member.joinedAt, correlationId, alertId: member.alertId };
  const joined = `${incident.id}:${member.joined}:${member.alertId}:${member.revision}`;
  const alert = { alertName: member.name, alertSeverity: member.severity, revision: member.revision };
  switch (member.joined) {
    case 'opened':
      return [
        incidentEvent({
          ...base,
          type: 'incident.opened',
          eventId: `${incident.id}:opened`,
          data: { title: opened?.title ?? null, groupedBy: opened?.groupedBy ?? null, category: opened?.category ?? null, ...alert },
        }),
      ];
    case 'reopened':
      return [incidentEvent({ ...base, type: 'incident.reopened', eventId: joined, data: alert })];
    case 'joined':
      return [incidentEvent({ ...base, type: 'incident.updated', eventId: joined, data: { change: 'alert joined', ...alert } })];
  }
}

export function resolvedEvent(incident: Incident, correlationId: string): AuditEvent {
  return incidentEvent({
    type: 'incident.resolved',
    incident: summaryOf(incident),
    eventId: `${incident.id}:resolved:${incident.reopenCount}`,
    actor: incident.resolvedBy ?? 'system',
    at: incident.resolvedAt ?? incident.updatedAt,
    correlationId,
    data: { openedAt: incident.reopenedAt ?? incident.openedAt },
  });
}

export function acknowledgedEvent(incident: Incident, correlationId: string): AuditEvent {
  return incidentEvent({
    type: 'incident.acknowledged',
    incident: summaryOf(incident),
    eventId: `${incident.id}:acknowledged:${incident.reopenCount}`,
    actor: incident.acknowledgedBy ?? 'system',
    at: incident.acknowledgedAt ?? incident.updatedAt,
    correlationId,
    data: { openedAt: incident.reopenedAt ?? incident.openedAt },
  });
}

export function mergedEvents(target: Incident, sources: readonly Incident[], by: string, correlationId: string): AuditEvent[] {
  return sources.map((source) =>
    incidentEvent({
      type: 'incident.merged',
      incident: summaryOf(source),
      eventId: `${source.id}:merged`,
      actor: by,
      at: source.updatedAt,
      correlationId,
      data: { into: target.id },
    }),
  );
}
