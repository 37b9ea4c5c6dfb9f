import { actOnClick } from '../../shared/app/slack/act-on-click.ts';
import { slackClickSchema } from '../../shared/domain/slack/slack-click.ts';
import { slackClickConsumer } from '../../shared/entry/compose/slack.ts';
import { sqsBatch } from '../../shared/entry/lambda/sqs-batch.ts';

const deps = slackClickConsumer();

/** Verified Slack clicks: each carried out once, as its linked principal; failures retried one by one. */
export const handler = sqsBatch(slackClickSchema, async (click) => {
  const outcome = await actOnClick(deps, click);
  deps.log.info('Slack click', { tenant: click.tenant, approvalId: click.approvalId, outcome, correlationId: click.correlationId });
});
