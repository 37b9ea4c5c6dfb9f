/**
 * Brings one approval's Slack message up to date: posts it the first time, updates it after.
 * Read fresh from the store each time, so a job sent twice or late shows the approval as it is.
 */
import type { ApprovalStore } from '../../domain/approvals/approval-store.ts';
import type { IncidentStore } from '../../domain/incidents/incident-store.ts';
import { approvalMessage } from '../../domain/slack/approval-message.ts';
import type { MessageSync, SlackMessageRefs, SlackWebApi } from '../../domain/slack/slack-messages.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';

export interface SyncMessageDeps {
  readonly approvals: Pick<ApprovalStore, 'get'>;
  readonly incidents: Pick<IncidentStore, 'get'>;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly secretOf: (tenant: string, ref: string) => Promise<string>;
  readonly refs: SlackMessageRefs;
  readonly slack: SlackWebApi;
  readonly consoleBaseUrl: string;
}

export async function syncApprovalMessage(deps: SyncMessageDeps, job: MessageSync): Promise<'posted' | 'updated' | 'skipped'> {
  const slack = (await deps.configOf(job.tenant)).slack;
  const approval = await deps.approvals.get(job.tenant, job.approvalId);
  if (slack === undefined || approval === undefined) return 'skipped';
  const incident = approval.incidentId === undefined ? undefined : await deps.incidents.get(job.tenant, approval.incidentId);
  const message = approvalMessage(approval, {
    consoleUrl: `${deps.consoleBaseUrl}/approvals/${encodeURIComponent(approval.id)}`,
    stepUpRisks: slack.stepUpRisks,
    ...(incident === undefined ? {} : { incidentTitle: incident.title, incidentSeverity: incident.severity }),
  });
  const token = await deps.secretOf(job.tenant, slack.botTokenRef);
  const ref = await deps.refs.get(job.tenant, approval.id);
  if (ref !== undefined) {
    await deps.slack.update(token, ref, message);
    return 'updated';
  }
  const channel = (incident?.team === undefined ? undefined : slack.channels.byTeam[incident.team]) ?? slack.channels.default;
  await deps.refs.save(job.tenant, approval.id, await deps.slack.post(token, channel, message));
  return 'posted';
}
