/**
 * Linking a Slack user to the signed-in principal (POST /v1/integrations/slack/links), and the
 * admin's list and removal. A code is the tenant's own, used once: another tenant's principal,
 * or a second use, finds nothing.
 */
import { NotFoundError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import { codeHash } from '../../domain/single-use-code.ts';
import { LINK_TTL_DAYS, type SlackLink, type SlackLinks } from '../../domain/slack/slack-links.ts';

export async function linkSlackUser(
  deps: { readonly links: SlackLinks; readonly now?: () => Date },
  principal: Principal,
  code: string,
): Promise<SlackLink> {
  const now = (deps.now ?? (() => new Date()))();
  const redeemed = await deps.links.redeemCode(codeHash(code), principal.tenant);
  if (redeemed === undefined || redeemed.expiresAt < Math.floor(now.getTime() / 1000)) {
    throw new NotFoundError(
      'No such link code: it was used, it expired (after 10 minutes), or it is not for this tenant. Click in Slack again for a new one.',
    );
  }
  const link: SlackLink = {
    tenant: principal.tenant,
    teamId: redeemed.teamId,
    userId: redeemed.userId,
    subject: principal.subject,
    roles: principal.roles,
    linkedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + LINK_TTL_DAYS * 86_400,
  };
  await deps.links.save(link);
  return link;
}

/** `<team id>:<user id>`, as the links' routes name one. */
export function linkId(link: Pick<SlackLink, 'teamId' | 'userId'>): string {
  return `${link.teamId}:${link.userId}`;
}

export async function removeSlackLink(links: SlackLinks, principal: Principal, id: string | undefined): Promise<void> {
  const [teamId, userId, ...rest] = (id ?? '').split(':');
  if (teamId === undefined || userId === undefined || rest.length > 0 || !(await links.remove(principal.tenant, teamId, userId))) {
    throw new NotFoundError(`No Slack link ${JSON.stringify(id ?? '')}`);
  }
}

/**
 * At each console sign-in: the principal's links take its roles as of now and another 30 days,
 * so a Slack user who lost a role in the identity provider loses it in Slack too.
 */
export async function refreshSlackLinks(
  deps: { readonly links: SlackLinks; readonly now?: () => Date },
  principal: Principal,
): Promise<readonly SlackLink[]> {
  const now = (deps.now ?? (() => new Date()))();
  const mine = (await deps.links.list(principal.tenant)).filter((link) => link.subject === principal.subject);
  const refreshed = mine.map((link) => ({
    ...link,
    roles: principal.roles,
    expiresAt: Math.floor(now.getTime() / 1000) + LINK_TTL_DAYS * 86_400,
  }));
  await Promise.all(refreshed.map((link) => deps.links.save(link)));
  return refreshed;
}
