import type { Severity, Source } from '../alerts/alert.ts';
import type { Page } from '../alerts/alert-store.ts';
import type { Category } from '../triage/categories.ts';
import type { Incident, IncidentMember, IncidentStatus } from './incident.ts';

/** What an incident is, without its members. */
export interface IncidentSummary {
  readonly tenant: string;
  readonly id: string;
  readonly status: IncidentStatus;
  readonly severity: Severity;
  readonly alertCount: number;
}

export interface IncidentFilter {
  readonly status?: IncidentStatus;
  readonly severity?: Severity;
  readonly category?: Category;
  readonly team?: string;
  /** Has an alert that came through this webhook source. */
  readonly source?: Source;
  /** Opened at or after this time (ISO 8601). */
  readonly since?: string;
}

/** Where incidents live; every method is scoped by tenant. */
export interface IncidentStore {
  get(tenant: string, id: string): Promise<Incident | undefined>;
  /** The group's latest incident (the highest sequence), strongly consistent. */
  latestOfGroup(tenant: string, groupHash: string): Promise<Incident | undefined>;
  /** Creates it if no incident has its id (else ConflictError: another writer opened it first). */
  create(incident: Incident): Promise<void>;
  /**
   * Writes the next state if the stored version is still `incident.version - 1`, else
   * ConflictError. `changed` names the alerts whose membership this state changes (joined again,
   * reopened it): the others are written by the atomic methods below, never here.
   */
  save(incident: Incident, changed?: readonly IncidentMember[]): Promise<void>;
  /**
   * Adds a firing alert to an open or acknowledged incident in one atomic write, without the
   * caller's copy being current: other alerts may join meanwhile. It must still take alerts: one
   * of its alerts fires, or its last one joined at or after `quietSince`. ConflictError when it
   * does not (it resolved, was merged, is full or went quiet) or already has the alert: read it
   * again. Returns what the incident is after the write (not its members: an outage's incident
   * is large, and every alert of it joins).
   */
  addAlert(tenant: string, id: string, member: IncidentMember, quietSince: string): Promise<IncidentSummary>;
  /**
   * Marks a firing alert of the incident resolved, in one atomic write; returns the incident as it
   * is now, or undefined when it did not have that alert (revision) firing.
   */
  resolveAlert(tenant: string, id: string, alertId: string, revision: number, at: string): Promise<Incident | undefined>;
  /** Lists an approval on the incident, once, atomically. */
  addApproval(tenant: string, id: string, approvalId: string, at: string): Promise<void>;
  /**
   * Writes a merge: the target's next state, holding the sources' alerts, and each source's
   * (merged into it), all or none; ConflictError when any changed meanwhile.
   */
  saveMerge(merge: { readonly target: Incident; readonly sources: readonly Incident[] }): Promise<void>;
  /** Newest first. */
  list(tenant: string, filter: IncidentFilter, limit: number, cursor: string | undefined): Promise<Page<Incident>>;
}
