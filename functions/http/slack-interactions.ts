import { receiveInteraction } from '../../shared/app/slack/receive-interaction.ts';
import { slackInteractionsRoute } from '../../shared/entry/api/slack.ts';
import { slackInteractionsApi } from '../../shared/entry/compose/slack.ts';
import { publicRoute } from '../../shared/entry/http/http-route.ts';

const deps = slackInteractionsApi();

export const handler = publicRoute(slackInteractionsRoute).handle(async ({ header, rawBody, sourceIp, correlationId }) => {
  await receiveInteraction(deps, {
    rawBody: rawBody(),
    timestamp: header('x-slack-request-timestamp'),
    signature: header('x-slack-signature'),
    sourceIp,
    correlationId,
  });
  // Slack reads an empty 200 as "received"; anything in the body would be posted into the channel.
  return { status: 200, body: {} };
});
