import { removeSlackLink } from '../../shared/app/slack/slack-links.ts';
import { removeSlackLinkRoute } from '../../shared/entry/api/slack.ts';
import { slackLinksApi } from '../../shared/entry/compose/slack.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, links } = slackLinksApi();

export const handler = httpRoute(removeSlackLinkRoute, http).handle(async ({ principal, params }) => {
  await removeSlackLink(links, principal, params.id);
  return { status: 204 };
});
