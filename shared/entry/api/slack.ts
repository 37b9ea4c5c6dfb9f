/** The Slack app's routes: what Slack calls when someone clicks a button of an approval message. */
import * as z from 'zod';
import { route } from './route.ts';

export const slackInteractionsRoute = route({
  operationId: 'slackInteractions',
  method: 'POST',
  path: '/v1/integrations/slack/interactions',
  tag: 'slack',
  summary: "Slack's interactivity requests (button clicks on approval messages), signed with the tenant's Slack signing secret",
  description: [
    'No token: Slack signs the request (`X-Slack-Signature`, `X-Slack-Request-Timestamp`, v0 HMAC-SHA256 over `v0:{timestamp}:{raw body}`),',
    "and the tenant is the one whose configuration names the payload's `team.id`. The body is `application/x-www-form-urlencoded`",
    'with a `payload` field, as Slack sends it. A verified click is queued and acknowledged at once (Slack waits 3 seconds);',
    'the vote and the message update follow. A bad or missing signature, a timestamp more than 5 minutes off or an unknown workspace is a 401.',
  ].join(' '),
  roles: 'public',
  headers: {
    'x-slack-signature': "`v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the Slack app's signing secret",
    'x-slack-request-timestamp': 'Seconds since the epoch when Slack sent it; refused more than 5 minutes from now',
  },
  responses: {
    200: { description: 'Verified: the click is queued, or it was already, or it is not one alertgate acts on', schema: z.object({}) },
  },
  problems: [401, 413, 429],
});
