import { linkSlackUser } from '../../shared/app/slack/slack-links.ts';
import { createSlackLinkRoute } from '../../shared/entry/api/slack.ts';
import { slackLinksApi } from '../../shared/entry/compose/slack.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { slackLinkView } from '../../shared/entry/http/slack-link-view.ts';

const { http, links, audit } = slackLinksApi();

export const handler = httpRoute(createSlackLinkRoute, http).handle(async ({ principal, body, correlationId }) => ({
  status: 201,
  body: slackLinkView(await linkSlackUser({ links, audit }, principal, body.code, correlationId)),
}));
