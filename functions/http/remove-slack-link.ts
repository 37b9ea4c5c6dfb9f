import { removeSlackLink } from '../../shared/app/slack/slack-links.ts';
import { removeSlackLinkRoute } from '../../shared/entry/api/slack.ts';
import { slackLinksApi } from '../../shared/entry/compose/slack.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, links, audit } = slackLinksApi();

export const handler = httpRoute(removeSlackLinkRoute, http).handle(async ({ principal, params, correlationId }) => {
  await removeSlackLink({ links, audit }, principal, params.id, correlationId);
  return { status: 204 };
});
