/** Shows an approval on the incident it acts for (once; the incident lists each approval once). */
import { withApproval } from '../../domain/incidents/incident.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { followMerges, type IncidentDeps } from './group-alert.ts';

const MAX_ATTEMPTS = 30;

export async function linkApproval(deps: IncidentDeps, tenant: string, incidentId: string, approvalId: string, at: string): Promise<void> {
  await retryOnConflict(
    async () => {
      const incident = await followMerges(deps.incidents, await deps.incidents.get(tenant, incidentId));
      if (incident === undefined) return;
      const next = withApproval(incident, approvalId, at);
      if (next !== undefined) await deps.incidents.save(next);
    },
    { attempts: MAX_ATTEMPTS },
  );
}
