import { syncApprovalMessage } from '../../shared/app/slack/sync-approval-message.ts';
import { slackMessageSyncSchema } from '../../shared/domain/slack/slack-messages.ts';
import { slackMessageSync } from '../../shared/entry/compose/slack.ts';
import { sqsFifoBatch } from '../../shared/entry/lambda/sqs-batch.ts';

const deps = slackMessageSync();

/** Approvals whose Slack message is out of date, in order per approval: posted once, then updated. */
export const handler = sqsFifoBatch(slackMessageSyncSchema, async (job) => {
  const outcome = await syncApprovalMessage(deps, job);
  deps.log.info('Slack message', { tenant: job.tenant, approvalId: job.approvalId, outcome });
});
