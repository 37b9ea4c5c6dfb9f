/**
 * An incident: the alerts of one outage, grouped, so people decide once. Its severity is the
 * highest of its firing alerts; it goes open → acknowledged → resolved, resolves by itself when
 * its last firing alert resolves, and reopens when one fires again soon after. Pure: the store
 * makes every change a conditional write on `version`.
 */
import type { Severity, Source } from '../alerts/alert.ts';
import { SEVERITIES } from '../alerts/alert.ts';
import { ConflictError } from '../errors.ts';
import type { Category } from '../triage/categories.ts';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved', 'merged'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Past this many alerts an incident takes no more, and the group opens the next one: an item
 * stays far below DynamoDB's 400 KB, and a page of members stays readable.
 */
export const MAX_INCIDENT_ALERTS = 500;

/** One alert of an incident, as the incident keeps it (the alert itself lives in the alerts table). */
export interface IncidentMember {
  readonly alertId: string;
  readonly revision: number;
  readonly name: string;
  readonly severity: Severity;
  /** The webhook it came through (absent on members grouped before it was recorded). */
  readonly source?: Source;
  readonly status: 'firing' | 'resolved';
  /** How it came in: it opened the incident, joined it, or reopened it. */
  readonly joined: 'opened' | 'joined' | 'reopened';
  readonly joinedAt: string;
  readonly resolvedAt?: string;
}

export interface Incident {
  readonly tenant: string;
  /** `in-<group hash>-<sequence>`: the group's nth incident. */
  readonly id: string;
  /** SHA-256 prefix of the group key: every incident of one group shares it. */
  readonly groupHash: string;
  readonly sequence: number;
  /** How its alerts were grouped, readably: "Alertmanager group {}:{alertname=…}", "grouping rule db", … */
  readonly groupedBy: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly category: Category;
  readonly service?: string;
  readonly team?: string;
  /** By alert id; at most MAX_INCIDENT_ALERTS. */
  readonly alerts: Readonly<Record<string, IncidentMember>>;
  /** The approvals that act on it (opened for, or joined by, its alerts). */
  readonly approvals: readonly string[];
  readonly openedAt: string;
  /** When an alert last joined: the grouping window counts from here. */
  readonly lastAlertAt: string;
  readonly acknowledgedAt?: string;
  readonly acknowledgedBy?: string;
  readonly resolvedAt?: string;
  /** A person, or `system` when its alerts resolved. */
  readonly resolvedBy?: string;
  readonly reopenedAt?: string;
  readonly reopenCount: number;
  readonly mergedInto?: string;
  readonly mergedFrom?: readonly string[];
  readonly updatedAt: string;
  readonly version: number;
}

const ID = /^in-([0-9a-f]{20})-([1-9][0-9]{0,7})$/;

export function incidentIdFor(groupHash: string, sequence: number): string {
  return `in-${groupHash}-${sequence}`;
}

/** The group hash and sequence of an incident id, or undefined for a string that is not one. */
export function parseIncidentId(id: string): { groupHash: string; sequence: number } | undefined {
  const match = ID.exec(id);
  if (match === null) return undefined;
  return { groupHash: match[1] ?? '', sequence: Number(match[2]) };
}

const RANK: Readonly<Record<Severity, number>> = Object.fromEntries(SEVERITIES.map((s, i) => [s, SEVERITIES.length - i])) as Record<
  Severity,
  number
>;

/** The highest severity of the firing members; of all members when none fires any more. */
export function severityOf(members: readonly IncidentMember[]): Severity {
  const firing = members.filter((member) => member.status === 'firing');
  const pool = firing.length > 0 ? firing : members;
  return pool.reduce<Severity>((highest, member) => (RANK[member.severity] > RANK[highest] ? member.severity : highest), 'info');
}

export interface OpenFacts {
  readonly tenant: string;
  readonly groupHash: string;
  readonly sequence: number;
  readonly groupedBy: string;
  readonly title: string;
  readonly category: Category;
  readonly service?: string;
  readonly team?: string;
  readonly member: IncidentMember;
  readonly at: string;
}

export function openIncident(facts: OpenFacts): Incident {
  return {
    tenant: facts.tenant,
    id: incidentIdFor(facts.groupHash, facts.sequence),
    groupHash: facts.groupHash,
    sequence: facts.sequence,
    groupedBy: facts.groupedBy,
    title: facts.title,
    severity: facts.member.severity,
    status: 'open',
    category: facts.category,
    ...(facts.service === undefined ? {} : { service: facts.service }),
    ...(facts.team === undefined ? {} : { team: facts.team }),
    alerts: { [facts.member.alertId]: facts.member },
    approvals: [],
    openedAt: facts.at,
    lastAlertAt: facts.at,
    reopenCount: 0,
    updatedAt: facts.at,
    version: 1,
  };
}

/** Whether an alert firing now belongs to this incident of its group, rather than to a new one (a merged one takes none: its alerts live on where it was merged). */
export function takesAlert(incident: Incident, now: Date, windows: { readonly windowMs: number; readonly reopenMs: number }): boolean {
  if (Object.keys(incident.alerts).length >= MAX_INCIDENT_ALERTS) return false;
  if (incident.status === 'merged') return false;
  if (incident.status === 'resolved') {
    return incident.resolvedAt !== undefined && now.getTime() - Date.parse(incident.resolvedAt) <= windows.reopenMs;
  }
  const firing = Object.values(incident.alerts).some((member) => member.status === 'firing');
  return firing || now.getTime() - Date.parse(incident.lastAlertAt) <= windows.windowMs;
}

function next(incident: Incident, alerts: Readonly<Record<string, IncidentMember>>, at: string, change: Partial<Incident>): Incident {
  return { ...incident, ...change, alerts, severity: severityOf(Object.values(alerts)), updatedAt: at, version: incident.version + 1 };
}

export type Joined = { readonly incident: Incident; readonly change: 'joined' | 'reopened' } | { readonly change: 'already' };

/** The incident with this alert (revision) in it; reopened if it had resolved. */
export function withAlert(incident: Incident, member: IncidentMember, at: string): Joined {
  const known = incident.alerts[member.alertId];
  if (known !== undefined && known.revision === member.revision && known.status === member.status) return { change: 'already' };
  const alerts = { ...incident.alerts, [member.alertId]: member };
  if (incident.status === 'resolved') {
    const { resolvedAt: _at, resolvedBy: _by, ...rest } = incident;
    return {
      incident: next(rest, alerts, at, { status: 'open', reopenedAt: at, reopenCount: incident.reopenCount + 1, lastAlertAt: at }),
      change: 'reopened',
    };
  }
  return { incident: next(incident, alerts, at, { lastAlertAt: at }), change: 'joined' };
}

/** The incident with this alert (revision) marked resolved (what the store does atomically); see quietResolved. */
export function withAlertResolved(incident: Incident, alertId: string, revision: number, at: string): Incident | undefined {
  const known = incident.alerts[alertId];
  if (known === undefined || known.revision !== revision || known.status === 'resolved') return undefined;
  return next(incident, { ...incident.alerts, [alertId]: { ...known, status: 'resolved' as const, resolvedAt: at } }, at, {});
}

/** Resolved by itself once none of its alerts fires; undefined while one does, or when it is not open. */
export function quietResolved(incident: Incident, at: string): Incident | undefined {
  const firing = Object.values(incident.alerts).some((member) => member.status === 'firing');
  if (firing || (incident.status !== 'open' && incident.status !== 'acknowledged')) return undefined;
  return next(incident, incident.alerts, at, { status: 'resolved', resolvedAt: at, resolvedBy: 'system' });
}

/** Acknowledged by a person: idempotent (undefined: already acknowledged), refused once resolved or merged. */
export function acknowledged(incident: Incident, by: string, at: string): Incident | undefined {
  if (incident.status === 'acknowledged') return undefined;
  if (incident.status !== 'open')
    throw new ConflictError(`Incident ${incident.id} is ${incident.status}; only an open incident can be acknowledged`);
  return next(incident, incident.alerts, at, { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by });
}

/** Resolved by a person: idempotent (undefined: already resolved), refused once merged. */
export function resolved(incident: Incident, by: string, at: string): Incident | undefined {
  if (incident.status === 'resolved') return undefined;
  if (incident.status === 'merged') throw new ConflictError(`Incident ${incident.id} was merged into ${incident.mergedInto ?? 'another'}`);
  return next(incident, incident.alerts, at, { status: 'resolved', resolvedAt: at, resolvedBy: by });
}

/** Merges `sources` into `target`: their alerts and approvals move, and each source points at the target. */
export function merged(target: Incident, sources: readonly Incident[], at: string): { target: Incident; sources: Incident[] } {
  if (target.status === 'merged') throw new ConflictError(`Incident ${target.id} was itself merged into ${target.mergedInto ?? 'another'}`);
  for (const source of sources) {
    if (source.id === target.id) throw new ConflictError(`Incident ${source.id} cannot be merged into itself`);
    if (source.status === 'merged')
      throw new ConflictError(`Incident ${source.id} was already merged into ${source.mergedInto ?? 'another'}`);
  }
  // An alert both hold stays as the target has it: its own item there is never overwritten (see the store).
  const alerts = Object.assign({}, ...sources.map((source) => source.alerts), target.alerts) as Record<string, IncidentMember>;
  if (Object.keys(alerts).length > MAX_INCIDENT_ALERTS) {
    throw new ConflictError(`Merged, the incident would have over ${MAX_INCIDENT_ALERTS} alerts`);
  }
  const approvals = [...new Set([...target.approvals, ...sources.flatMap((source) => source.approvals)])];
  const mergedFrom = [...(target.mergedFrom ?? []), ...sources.map((source) => source.id)];
  const firing = Object.values(alerts).some((member) => member.status === 'firing');
  const reopens = target.status === 'resolved' && firing;
  const opened = sources.reduce((earliest, source) => (source.openedAt < earliest ? source.openedAt : earliest), target.openedAt);
  const { resolvedAt: _at, resolvedBy: _by, ...unresolved } = target;
  const merging = next(reopens ? unresolved : target, alerts, at, {
    approvals,
    mergedFrom,
    openedAt: opened,
    ...(reopens ? { status: 'open' as const, reopenedAt: at, reopenCount: target.reopenCount + 1 } : {}),
  });
  return {
    target: merging,
    sources: sources.map((source) => next(source, source.alerts, at, { status: 'merged', mergedInto: target.id })),
  };
}

/** With an approval that acts on it. */
export function withApproval(incident: Incident, approvalId: string, at: string): Incident | undefined {
  if (incident.approvals.includes(approvalId)) return undefined;
  return next(incident, incident.alerts, at, { approvals: [...incident.approvals, approvalId] });
}
