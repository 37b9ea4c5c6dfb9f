/**
 * The incident and remediation-target stores in memory, with the DynamoDB adapters' version
 * conditions, for fast use-case tests. The adapters themselves are tested against DynamoDB Local
 * (test/integration/incidents-store.test.ts).
 */
import type { Page } from '../../../shared/domain/alerts/alert-store.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import {
  type Incident,
  type IncidentMember,
  MAX_INCIDENT_ALERTS,
  severityOf,
  withAlertResolved,
} from '../../../shared/domain/incidents/incident.ts';
import type { IncidentFilter, IncidentStore, IncidentSummary } from '../../../shared/domain/incidents/incident-store.ts';
import type { TargetState } from '../../../shared/domain/remediation/remediation-target.ts';
import type { TargetStore } from '../../../shared/domain/remediation/target-store.ts';

export class InMemoryIncidentStore implements IncidentStore {
  readonly #incidents = new Map<string, Incident>();

  #key(tenant: string, id: string): string {
    return `${tenant}\u0000${id}`;
  }

  async get(tenant: string, id: string): Promise<Incident | undefined> {
    const found = this.#incidents.get(this.#key(tenant, id));
    return found === undefined ? undefined : structuredClone(found);
  }

  async latestOfGroup(tenant: string, groupHash: string): Promise<Incident | undefined> {
    const group = [...this.#incidents.values()].filter((i) => i.tenant === tenant && i.groupHash === groupHash);
    const latest = group.sort((a, b) => b.sequence - a.sequence)[0];
    return latest === undefined ? undefined : structuredClone(latest);
  }

  async create(incident: Incident): Promise<void> {
    const key = this.#key(incident.tenant, incident.id);
    if (this.#incidents.has(key)) throw new ConflictError(`Incident ${incident.id} was opened meanwhile`);
    this.#incidents.set(key, structuredClone(incident));
  }

  async save(incident: Incident): Promise<void> {
    const key = this.#key(incident.tenant, incident.id);
    if (this.#incidents.get(key)?.version !== incident.version - 1) throw new ConflictError(`Incident ${incident.id} changed meanwhile`);
    this.#incidents.set(key, structuredClone(incident));
  }

  async addAlert(tenant: string, id: string, member: IncidentMember, quietSince: string): Promise<IncidentSummary> {
    const key = this.#key(tenant, id);
    const incident = this.#incidents.get(key);
    const members = Object.values(incident?.alerts ?? {});
    const open = incident?.status === 'open' || incident?.status === 'acknowledged';
    const takes = members.some((m) => m.status === 'firing') || (incident?.lastAlertAt ?? '') >= quietSince;
    if (
      incident === undefined ||
      !open ||
      !takes ||
      incident.alerts[member.alertId] !== undefined ||
      members.length >= MAX_INCIDENT_ALERTS
    ) {
      throw new ConflictError(`Incident ${id} no longer takes alert ${member.alertId}`);
    }
    const alerts = { ...incident.alerts, [member.alertId]: member };
    const at = member.joinedAt;
    const next = {
      ...incident,
      alerts,
      severity: severityOf(Object.values(alerts)),
      lastAlertAt: at,
      updatedAt: at,
      version: incident.version + 1,
    };
    this.#incidents.set(key, next);
    return { tenant, id, status: incident.status, severity: next.severity, alertCount: members.length + 1 };
  }

  async resolveAlert(tenant: string, id: string, alertId: string, revision: number, at: string): Promise<Incident | undefined> {
    const key = this.#key(tenant, id);
    const incident = this.#incidents.get(key);
    const next = incident === undefined ? undefined : withAlertResolved(incident, alertId, revision, at);
    if (next === undefined) return undefined;
    this.#incidents.set(key, next);
    return structuredClone(next);
  }

  async addApproval(tenant: string, id: string, approvalId: string, at: string): Promise<void> {
    const key = this.#key(tenant, id);
    const incident = this.#incidents.get(key);
    if (incident === undefined || incident.approvals.includes(approvalId)) return;
    this.#incidents.set(key, { ...incident, approvals: [...incident.approvals, approvalId], updatedAt: at, version: incident.version + 1 });
  }

  async saveMerge(merge: { readonly target: Incident; readonly sources: readonly Incident[] }): Promise<void> {
    const incidents = [merge.target, ...merge.sources];
    for (const incident of incidents) {
      if (this.#incidents.get(this.#key(incident.tenant, incident.id))?.version !== incident.version - 1) {
        throw new ConflictError('An incident changed meanwhile');
      }
    }
    for (const incident of incidents) this.#incidents.set(this.#key(incident.tenant, incident.id), structuredClone(incident));
  }

  async list(tenant: string, filter: IncidentFilter, limit: number): Promise<Page<Incident>> {
    const items = [...this.#incidents.values()]
      .filter((i) => i.tenant === tenant)
      .filter(
        (i) =>
          (filter.status === undefined || i.status === filter.status) &&
          (filter.severity === undefined || i.severity === filter.severity) &&
          (filter.source === undefined || Object.values(i.alerts).some((member) => member.source === filter.source)),
      )
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
      .slice(0, limit);
    return { items: items.map((i) => structuredClone(i)) };
  }

  all(): Incident[] {
    return [...this.#incidents.values()].map((i) => structuredClone(i));
  }
}

export class InMemoryTargetStore implements TargetStore {
  readonly #targets = new Map<string, TargetState>();

  async get(tenant: string, targetKey: string): Promise<TargetState | undefined> {
    const found = this.#targets.get(`${tenant}\u0000${targetKey}`);
    return found === undefined ? undefined : structuredClone(found);
  }

  async save(state: TargetState): Promise<void> {
    const key = `${state.tenant}\u0000${state.targetKey}`;
    if ((this.#targets.get(key)?.version ?? 0) !== state.version - 1)
      throw new ConflictError(`Target ${state.targetKey} changed meanwhile`);
    this.#targets.set(key, structuredClone(state));
  }
}
