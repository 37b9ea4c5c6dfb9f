/**
 * The audit events of incidents. Ids are derived from the fact (the incident, and the alert or
 * the number of times it reopened), so a use case retried after a partial failure sends the same
 * events again and the audit writer appends each once.
 */
import type { AuditEvent, AuditEventType } from '../../domain/audit/audit-event.ts';
import type { Incident, IncidentMember } from '../../domain/incidents/incident.ts';

interface Fact {
  readonly type: AuditEventType & `incident.${string}`;
  readonly incident: Incident;
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
    data: { status: incident.status, severity: incident.severity, alerts: Object.keys(incident.alerts).length, ...fact.data },
  };
}

/** What an alert's coming into an incident records: it opened, joined or reopened it. */
export function memberEvents(incident: Incident, member: IncidentMember, correlationId: string): AuditEvent[] {
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
          data: { title: incident.title, groupedBy: incident.groupedBy, category: incident.category, ...alert },
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
    incident,
    eventId: `${incident.id}:resolved:${incident.reopenCount}`,
    actor: incident.resolvedBy ?? 'system',
    at: incident.resolvedAt ?? incident.updatedAt,
    correlationId,
  });
}

export function acknowledgedEvent(incident: Incident, correlationId: string): AuditEvent {
  return incidentEvent({
    type: 'incident.acknowledged',
    incident,
    eventId: `${incident.id}:acknowledged:${incident.reopenCount}`,
    actor: incident.acknowledgedBy ?? 'system',
    at: incident.acknowledgedAt ?? incident.updatedAt,
    correlationId,
  });
}

export function mergedEvents(target: Incident, sources: readonly Incident[], by: string, correlationId: string): AuditEvent[] {
  return sources.map((source) =>
    incidentEvent({
      type: 'incident.merged',
      incident: source,
      eventId: `${source.id}:merged`,
      actor: by,
      at: source.updatedAt,
      correlationId,
      data: { into: target.id },
    }),
  );
}
