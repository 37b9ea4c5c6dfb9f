/**
 * What incidents tell the tenant's notification targets: one message when an incident opens or
 * reopens, and one per state change after (acknowledged, resolved, merged, escalated), never one
 * per alert. The alert named is the one that opened or last changed it.
 */
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { Incident } from '../../domain/incidents/incident.ts';
import type { IncidentSummary } from '../../domain/incidents/incident-store.ts';
import {
  type IncidentBrief,
  type IncidentNotificationType,
  incidentLink,
  type NotificationEvent,
} from '../../domain/notifications/notification-event.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { TriageDecision } from '../../domain/triage/decision.ts';
import type { Notifier } from '../remediation/deps.ts';

export function briefOf(incident: Incident | (IncidentSummary & { readonly title?: string })): IncidentBrief {
  const alerts = 'alerts' in incident ? Object.keys(incident.alerts).length : incident.alertCount;
  return {
    id: incident.id,
    ...(incident.title === undefined ? {} : { title: incident.title }),
    status: incident.status,
    severity: incident.severity,
    alerts,
    ...('mergedInto' in incident && incident.mergedInto !== undefined ? { mergedInto: incident.mergedInto } : {}),
  };
}

export interface IncidentNotificationFacts {
  readonly alert: Pick<AlertRecord, 'id' | 'name' | 'severity' | 'status' | 'summary'>;
  readonly decision?: Pick<TriageDecision, 'action'>;
  readonly reason?: string;
  readonly publicBaseUrl?: string;
  readonly at: string;
}

/** What telling a tenant's targets needs. */
export interface IncidentTeller {
  readonly configOf: (tenant: string) => Promise<Pick<TenantConfig, 'notifications'>>;
  /** Never throws (see notifications/notify.ts). */
  readonly notify: Notifier;
  /** Where incident links in messages point. */
  readonly publicBaseUrl?: string;
}

/** Tells the tenant's notification targets about an incident. */
export async function tellIncident(
  deps: IncidentTeller,
  type: IncidentNotificationType,
  tenant: string,
  incident: IncidentBrief,
  facts: Omit<IncidentNotificationFacts, 'publicBaseUrl'>,
  correlationId: string,
): Promise<void> {
  const config = await deps.configOf(tenant);
  const event = incidentNotification(type, tenant, incident, {
    ...facts,
    ...(deps.publicBaseUrl === undefined ? {} : { publicBaseUrl: deps.publicBaseUrl }),
  });
  await deps.notify(config.notifications.targets, event, correlationId);
}

export function incidentNotification(
  type: IncidentNotificationType,
  tenant: string,
  incident: IncidentBrief,
  facts: IncidentNotificationFacts,
): NotificationEvent {
  const { alert } = facts;
  const action = facts.decision?.action;
  return {
    type,
    tenant,
    incident,
    alert: {
      id: alert.id,
      name: alert.name,
      ...(alert.severity === undefined ? {} : { severity: alert.severity }),
      status: alert.status,
      ...(alert.summary === undefined ? {} : { summary: alert.summary }),
    },
    ...(action === undefined ? {} : { action: { name: action.name, params: action.params }, risk: action.risk, mode: action.mode }),
    ...(facts.reason === undefined ? {} : { reason: facts.reason }),
    ...(facts.publicBaseUrl === undefined || facts.publicBaseUrl === '' ? {} : { link: incidentLink(facts.publicBaseUrl, incident.id) }),
    at: facts.at,
  };
}

/** The alert an incident notification names when a person changed it: its newest member. */
export function newestMember(incident: Incident): IncidentNotificationFacts['alert'] {
  const newest = Object.values(incident.alerts).sort((a, b) => b.joinedAt.localeCompare(a.joinedAt))[0];
  if (newest === undefined) return { id: incident.id, name: incident.title, status: 'firing' };
  return { id: newest.alertId, name: newest.name, severity: newest.severity, status: newest.status };
}
