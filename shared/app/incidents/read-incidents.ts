/**
 * Reading incidents, always within the caller's tenant (another tenant's id is simply not found):
 * a filtered, newest-first list, and one incident with its alerts, their decisions and
 * remediations, the approvals that act on it, and its timeline from the audit log.
 */
import * as z from 'zod';
import { SEVERITIES, SOURCES } from '../../domain/alerts/alert.ts';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { AlertStore, Page } from '../../domain/alerts/alert-store.ts';
import type { Approval } from '../../domain/approvals/approval.ts';
import type { ApprovalStore } from '../../domain/approvals/approval-store.ts';
import type { AuditEntry } from '../../domain/audit/audit-event.ts';
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { INCIDENT_STATUSES, type Incident } from '../../domain/incidents/incident.ts';
import type { IncidentStore } from '../../domain/incidents/incident-store.ts';
import { CATEGORIES } from '../../domain/triage/categories.ts';
import { approvalView } from '../remediation/decide-approval.ts';

export const listIncidentsQuery = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  category: z.enum(CATEGORIES).optional(),
  team: z.string().min(1).max(100).optional(),
  source: z.enum(SOURCES).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});
export type ListIncidentsQuery = z.output<typeof listIncidentsQuery>;

export async function listIncidents(store: IncidentStore, tenant: string, query: ListIncidentsQuery): Promise<Page<Incident>> {
  const { limit, cursor, ...filter } = query;
  return store.list(tenant, filter, limit, cursor);
}

/** The detail shows this many alerts, approvals and timeline entries; the list of members has them all. */
const DETAIL_ALERTS = 100;
const DETAIL_APPROVALS = 20;
const TIMELINE_ENTRIES = 100;

export interface IncidentDetail {
  readonly incident: Incident;
  readonly alerts: readonly AlertRecord[];
  readonly approvals: readonly Approval[];
  /** Newest first. */
  readonly timeline: readonly Pick<AuditEntry, 'seq' | 'time' | 'type' | 'actor' | 'subjects' | 'data'>[];
}

export interface ReadIncidentDeps {
  readonly incidents: IncidentStore;
  readonly alerts: Pick<AlertStore, 'getMany'>;
  readonly approvals: Pick<ApprovalStore, 'get'>;
  readonly audit: Pick<AuditStore, 'list'>;
}

export async function getIncident(store: IncidentStore, tenant: string, id: string | undefined): Promise<Incident> {
  const incident = id === undefined || id.length > 64 ? undefined : await store.get(tenant, id);
  if (incident === undefined) throw new NotFoundError(`No incident ${JSON.stringify(id ?? '')}`);
  return incident;
}

export async function incidentDetail(deps: ReadIncidentDeps, tenant: string, id: string | undefined): Promise<IncidentDetail> {
  const incident = await getIncident(deps.incidents, tenant, id);
  const members = Object.values(incident.alerts)
    .sort((a, b) => b.joinedAt.localeCompare(a.joinedAt))
    .slice(0, DETAIL_ALERTS);
  const [alerts, approvals, timeline] = await Promise.all([
    deps.alerts.getMany(
      tenant,
      members.map((member) => member.alertId),
    ),
    Promise.all(incident.approvals.slice(-DETAIL_APPROVALS).map((approvalId) => deps.approvals.get(tenant, approvalId))),
    deps.audit.list(tenant, { subject: incident.id }, TIMELINE_ENTRIES, undefined),
  ]);
  return {
    incident,
    alerts: members.flatMap((member) => alerts.get(member.alertId) ?? []),
    approvals: approvals.flatMap((approval) => (approval === undefined ? [] : [approvalView(approval)])),
    timeline: timeline.items.map(({ seq, time, type, actor, subjects, data }) => ({ seq, time, type, actor, subjects, data })),
  };
}
