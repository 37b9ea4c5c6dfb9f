/**
 * How incidents and remediation targets are stored, in one table keyed by tenant and `sk`:
 * `incident#<group hash>#<sequence, 8 digits>` (a group's incidents sort by sequence, so its
 * latest is one Query), its alerts at `<that>#alert#<alert id>`, and `target#<target key>`.
 * Only incidents carry `openedAt`: the listing index is sparse. An incident keeps its alerts as
 * items of their own, and a count of its alerts and of those firing per severity: an alert
 * joins by writing its small item and those counts in one transaction, whatever the size of
 * the outage, and never has to re-read. (Incidents written before kept their alerts in a
 * `members` map on the incident; they read the same, and move to items at their next write.)
 */
import * as z from 'zod';
import { SEVERITIES, type Severity, SOURCES } from '../../domain/alerts/alert.ts';
import { INCIDENT_STATUSES, type Incident, type IncidentMember, severityOf } from '../../domain/incidents/incident.ts';
import type { TargetState } from '../../domain/remediation/remediation-target.ts';
import { CATEGORIES } from '../../domain/triage/categories.ts';
import { decodeItem } from './item-codec.ts';

const required = z.string().min(1);

const memberSchema = z.object({
  alertId: required,
  revision: z.number().int().min(1),
  name: required,
  severity: z.enum(SEVERITIES),
  source: z.enum(SOURCES).optional(),
  status: z.enum(['firing', 'resolved']),
  joined: z.enum(['opened', 'joined', 'reopened']),
  joinedAt: required,
  resolvedAt: z.string().optional(),
});

const incidentItemSchema = z.object({
  tenant: required,
  id: required,
  groupHash: required,
  sequence: z.number().int().min(1),
  groupedBy: required,
  title: required,
  severity: z.enum(SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  category: z.enum(CATEGORIES),
  service: z.string().optional(),
  team: z.string().optional(),
  // Before alerts were items of their own (see the top).
  members: z.record(z.string(), memberSchema).optional(),
  approvals: z.array(z.string()),
  openedAt: required,
  lastAlertAt: required,
  acknowledgedAt: z.string().optional(),
  acknowledgedBy: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  reopenedAt: z.string().optional(),
  reopenCount: z.number().int().min(0),
  mergedInto: z.string().optional(),
  mergedFrom: z.array(z.string()).optional(),
  // Derived from the members, for the source filter; read back only to drop it.
  sources: z.unknown().optional(),
  updatedAt: required,
  version: z.number().int().min(1),
});

export function incidentSortKey(groupHash: string, sequence: number): string {
  return `incident#${groupHash}#${String(sequence).padStart(8, '0')}`;
}

/** The attribute holding the count of firing alerts of a severity. */
export function firingAttribute(severity: Severity): string {
  return `firing${severity[0]?.toUpperCase() ?? ''}${severity.slice(1)}`;
}

/** An alert of the incident; `via` names the incident a merge copied it from (see the store). */
const memberItemSchema = memberSchema.extend({ via: z.string().optional() });

export function memberSortKey(groupHash: string, sequence: number, alertId: string): string {
  return `${incidentSortKey(groupHash, sequence)}#alert#${alertId}`;
}

/** The incident's own key, from its key or one of its alerts' keys. */
export function incidentKeyOf(sk: string): string {
  const alert = sk.indexOf('#alert#');
  return alert === -1 ? sk : sk.slice(0, alert);
}

export function memberToItem(incident: Pick<Incident, 'tenant' | 'groupHash' | 'sequence'>, member: IncidentMember, via?: string) {
  return {
    tenant: incident.tenant,
    sk: memberSortKey(incident.groupHash, incident.sequence, member.alertId),
    ...member,
    ...(via === undefined ? {} : { via }),
  };
}

/** Whether the incident's item still holds its alerts in the map it had before they were items. */
export function holdsLegacyMembers(item: Record<string, unknown>): boolean {
  return typeof item.members === 'object' && item.members !== null;
}

/**
 * The incident from its item and its alerts' items. An alert a merge copied counts only once the
 * merge has happened (its source is in `mergedFrom`): the copies are written first. Its own
 * alerts come first: a copy never stands for one it has.
 */
export function incidentFromItems(item: Record<string, unknown>, memberItems: readonly Record<string, unknown>[]): Incident {
  const { members: legacy, sources: _derived, ...incident } = decodeItem(incidentItemSchema, item, 'incident');
  const merged = new Set(incident.mergedFrom ?? []);
  const decoded = memberItems.map((memberItem) => decodeItem(memberItemSchema, memberItem, 'incident alert'));
  const alerts: Record<string, IncidentMember> = { ...legacy };
  for (const { via, ...member } of decoded) if (via === undefined) alerts[member.alertId] = member;
  for (const { via, ...member } of decoded) if (via !== undefined && merged.has(via)) alerts[member.alertId] ??= member;
  // The severity is derived from the members as read: an atomic join does not rewrite it.
  return { ...incident, alerts, severity: severityOf(Object.values(alerts)) } satisfies Incident;
}

/** The incident's own item: its alerts are items of their own (memberToItem). */
export function incidentToItem(incident: Incident): Record<string, unknown> {
  const { alerts, ...rest } = incident;
  const members = Object.values(alerts);
  const counts = Object.fromEntries(
    SEVERITIES.map((severity) => [
      firingAttribute(severity),
      members.filter((m) => m.status === 'firing' && m.severity === severity).length,
    ]),
  );
  // The webhook sources of its alerts, as a string set: `contains(sources, :source)` filters the list.
  const sources = new Set(members.flatMap((member) => (member.source === undefined ? [] : [member.source])));
  return {
    ...rest,
    sk: incidentSortKey(incident.groupHash, incident.sequence),
    alertCount: members.length,
    ...counts,
    ...(sources.size === 0 ? {} : { sources }),
  };
}

const targetItemSchema = z.object({
  tenant: required,
  targetKey: required,
  claim: z
    .object({
      execution: required,
      alertId: required,
      approvalId: z.string().optional(),
      since: required,
      until: required,
      joined: z
        .array(z.object({ alertId: required, revision: z.number().int().min(1), incidentId: z.string().optional(), at: required }))
        .optional(),
    })
    .optional(),
  executions: z.array(z.string()),
  lastExecution: z.object({ at: required, execution: required, status: z.enum(['executed', 'failed']) }).optional(),
  escalatedAt: z.string().optional(),
  version: z.number().int().min(1),
}) satisfies z.ZodType<TargetState>;

export function targetSortKey(targetKey: string): string {
  return `target#${targetKey}`;
}

export function targetFromItem(item: Record<string, unknown>): TargetState {
  return decodeItem(targetItemSchema, item, 'remediation target');
}

/**
 * Expires a day after its last change or its claim's end, whichever is later: by then no
 * cool-down, breaker window or pending approval still reads it.
 */
export function targetToItem(state: TargetState, now: Date): Record<string, unknown> {
  const until = Math.max(now.getTime(), state.claim === undefined ? 0 : Date.parse(state.claim.until));
  return { ...state, sk: targetSortKey(state.targetKey), expiresAt: Math.floor(until / 1000) + 86_400 };
}
