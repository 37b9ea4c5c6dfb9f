import type { IncidentDetail } from '../../app/incidents/read-incidents.ts';
import type { Incident } from '../../domain/incidents/incident.ts';
import { alertView } from './alert-view.ts';

/** An incident as the API shows it: its alerts as a list, newest first, and how many still fire. */
export function incidentView(incident: Incident) {
  const { tenant: _tenant, groupHash: _hash, sequence: _sequence, alerts, ...rest } = incident;
  const members = Object.values(alerts).sort((a, b) => b.joinedAt.localeCompare(a.joinedAt));
  return { ...rest, alerts: members, firing: members.filter((member) => member.status === 'firing').length };
}

export function incidentDetailView(detail: IncidentDetail) {
  return {
    ...incidentView(detail.incident),
    alertRecords: detail.alerts.map(alertView),
    approvalRecords: detail.approvals,
    timeline: detail.timeline,
  };
}
