import type { Severity } from '../alerts/alert.ts';
import type { Page } from '../alerts/alert-store.ts';
import type { Category } from '../triage/categories.ts';
import type { Incident, IncidentStatus } from './incident.ts';

export interface IncidentFilter {
  readonly status?: IncidentStatus;
  readonly severity?: Severity;
  readonly category?: Category;
  readonly team?: string;
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
  /** Writes the next state if the stored version is still `incident.version - 1`, else ConflictError. */
  save(incident: Incident): Promise<void>;
  /** Writes several next states at once, all or none (a merge). */
  saveAll(incidents: readonly Incident[]): Promise<void>;
  /** Newest first. */
  list(tenant: string, filter: IncidentFilter, limit: number, cursor: string | undefined): Promise<Page<Incident>>;
}
