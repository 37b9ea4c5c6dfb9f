/**
 * Linking a Slack user to the signed-in principal (POST /v1/integrations/slack/links), and the
 * admin's list and removal. A code is the tenant's own, used once: another tenant's principal,
 * or a second use, finds nothing.
 */
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import { codeHash } from '../../domain/single-use-code.ts';
import { LINK_TTL_DAYS, type SlackLink, type SlackLinks } from '../../domain/slack/slack-links.ts';

/** Who may act as whom is the auditor's business: each link and unlink is in the chain. */
function linkEvent(type: 'slack.linked' | 'slack.unlinked', link: SlackLink, actor: string, at: string, correlationId: string): AuditEvent {
  return {
    eventId: `${type}:${link.teamId}:${link.userId}:${at}`,
    tenant: link.tenant,
    time: at,
    type,
    actor,
    subjects: {},
    correlationId,
    data: { teamId: link.teamId, userId: link.userId, subject: link.subject, roles: [...link.roles] },
  };
}

export interface LinkDeps {
  readonly links: SlackLinks;
  readonly audit: AuditLog;
  readonly now?: () => Date;
}

export async function linkSlackUser(deps: LinkDeps, principal: Principal, code: string, correlationId: string): Promise<SlackLink> {
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
  await deps.audit.send([linkEvent('slack.linked', link, principal.subject, link.linkedAt, correlationId)]);
  return link;
}

/** `<team id>:<user id>`, as the links' routes name one. */
export function linkId(link: Pick<SlackLink, 'teamId' | 'userId'>): string {
  return `${link.teamId}:${link.userId}`;
}

export async function removeSlackLink(deps: LinkDeps, principal: Principal, id: string | undefined, correlationId: string): Promise<void> {
  const [teamId, userId, ...rest] = (id ?? '').split(':');
  const link =
    teamId === undefined || userId === undefined || rest.length > 0 ? undefined : await deps.links.get(principal.tenant, teamId, userId);
  if (link === undefined || !(await deps.links.remove(principal.tenant, link.teamId, link.userId))) {
    throw new NotFoundError(`No Slack link ${JSON.stringify(id ?? '')}`);
  }
  const at = (deps.now ?? (() => new Date()))().toISOString();
  await deps.audit.send([linkEvent('slack.unlinked', link, principal.subject, at, correlationId)]);
}

/**
 * At each console sign-in: the principal's links take its roles as of now and another 30 days,
 * so a Slack user who lost a role in the identity provider loses it in Slack too.
 */
export async function refreshSlackLinks(deps: Pick<LinkDeps, 'links' | 'now'>, principal: Principal): Promise<readonly SlackLink[]> {
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
