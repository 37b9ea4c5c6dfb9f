import { linkId } from '../../app/slack/slack-links.ts';
import type { SlackLink } from '../../domain/slack/slack-links.ts';

/** A link as the API shows it: its id, and the expiry as a time. */
export function slackLinkView(link: SlackLink) {
  const { tenant: _tenant, expiresAt, ...rest } = link;
  return { id: linkId(link), ...rest, roles: [...link.roles], expiresAt: new Date(expiresAt * 1000).toISOString() };
}
