import { refreshSlackLinks } from '../../shared/app/slack/slack-links.ts';
import { refreshSlackLinksRoute } from '../../shared/entry/api/slack.ts';
import { slackLinksApi } from '../../shared/entry/compose/slack.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { slackLinkView } from '../../shared/entry/http/slack-link-view.ts';

const { http, links } = slackLinksApi();

export const handler = httpRoute(refreshSlackLinksRoute, http).handle(async ({ principal }) => ({
  status: 200,
  body: { items: (await refreshSlackLinks({ links }, principal)).map(slackLinkView) },
}));
