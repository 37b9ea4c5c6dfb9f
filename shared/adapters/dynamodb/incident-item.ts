/**
 * How incidents and remediation targets are stored, in one table keyed by tenant and `sk`:
 * `incident#<group hash>#<sequence, 8 digits>` (a group's incidents sort by sequence, so its
 * latest is one Query) and `target#<target key>`. Only incidents carry `openedAt`: the listing
 * index is sparse. An incident's alerts are a native map by alert id (hex ids: no `__proto__`)
 * with a firing count per severity beside it, so an alert joins with one atomic UpdateItem
 * (SET members.<id>, ADD firing…) that never has to re-read: alerts of one outage arriving
 * together do not lose races against each other.
 */
import * as z from 'zod';
import { SEVERITIES, type Severity, SOURCES } from '../../domain/alerts/alert.ts';
import { INCIDENT_STATUSES, type Incident, severityOf } from '../../domain/incidents/incident.ts';
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
  members: z.record(z.string(), memberSchema),
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

export function incidentFromItem(item: Record<string, unknown>): Incident {
  const { members, sources: _derived, ...incident } = decodeItem(incidentItemSchema, item, 'incident');
  // The severity is derived from the members as read: an atomic join does not rewrite it.
  const alerts = Object.fromEntries(Object.entries(members));
  return { ...incident, alerts, severity: severityOf(Object.values(alerts)) } satisfies Incident;
}

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
    members: alerts,
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
