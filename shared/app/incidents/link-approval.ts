/** Shows an approval on the incident it acts for (once: the store adds it atomically if absent). */
import { followMerges, type IncidentDeps } from './group-alert.ts';

export async function linkApproval(deps: IncidentDeps, tenant: string, incidentId: string, approvalId: string, at: string): Promise<void> {
  const incident = await followMerges(deps.incidents, await deps.incidents.get(tenant, incidentId));
  if (incident === undefined || incident.approvals.includes(approvalId)) return;
  await deps.incidents.addApproval(tenant, incident.id, approvalId, at);
}
