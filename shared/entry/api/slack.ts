/** The Slack app's routes: what Slack calls when someone clicks a button of an approval message. */
import * as z from 'zod';
import { ADMINS, READERS, ROLES } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, route } from './route.ts';

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

export const slackLinkView = z
  .object({
    id: z.string().meta({ description: '`<team id>:<user id>`' }),
    teamId: z.string(),
    userId: z.string(),
    subject: z.string().meta({ description: 'The alertgate principal the Slack user acts as' }),
    roles: z.array(z.enum(ROLES)).meta({ description: "The principal's roles when the link was made" }),
    linkedAt: z.string(),
    expiresAt: z.string().meta({ description: 'ISO 8601; after it the Slack user links again' }),
  })
  .meta({ id: 'SlackLink' });

export const createSlackLinkRoute = route({
  operationId: 'createSlackLink',
  method: 'POST',
  path: '/v1/integrations/slack/links',
  tag: 'slack',
  summary: 'Link the Slack user a one-time code was issued to (in an ephemeral reply to their click) to the signed-in principal',
  description:
    'The code is valid 10 minutes, once, for its own tenant only. The link keeps the tenant, subject and roles of this sign-in, for 30 days.',
  roles: READERS,
  body: { schema: z.object({ code: z.string().min(20).max(200) }), required: true, what: 'link request' },
  responses: { 201: { description: 'Linked', schema: slackLinkView } },
  problems: [400, 404, 413, 415, 422, ...AUTH_PROBLEMS],
});

export const listSlackLinksRoute = route({
  operationId: 'listSlackLinks',
  method: 'GET',
  path: '/v1/integrations/slack/links',
  tag: 'slack',
  summary: "The tenant's linked Slack users",
  roles: ADMINS,
  responses: { 200: { description: 'Every link of the tenant', schema: z.object({ items: z.array(slackLinkView) }) } },
  problems: [...AUTH_PROBLEMS],
});

export const removeSlackLinkRoute = route({
  operationId: 'removeSlackLink',
  method: 'DELETE',
  path: '/v1/integrations/slack/links/{id}',
  tag: 'slack',
  summary: 'Unlink a Slack user: their next click asks them to link again',
  roles: ADMINS,
  params: z.object({ id: z.string().min(3).max(100) }),
  responses: { 204: { description: 'Unlinked' } },
  problems: [400, 404, ...AUTH_PROBLEMS],
});

export const refreshSlackLinksRoute = route({
  operationId: 'refreshSlackLinks',
  method: 'POST',
  path: '/v1/integrations/slack/links/refresh',
  tag: 'slack',
  summary: "Renew the signed-in principal's Slack links with its roles as of now (the console calls it at each sign-in)",
  roles: READERS,
  responses: { 200: { description: "The principal's links, renewed", schema: z.object({ items: z.array(slackLinkView) }) } },
  problems: [...AUTH_PROBLEMS],
});
