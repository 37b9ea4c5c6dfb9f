/**
 * Carries out a verified Slack click, off the queue. The clicker acts as the alertgate principal
 * they linked, with exactly the checks the API makes (decideApproval): an approver or admin of
 * the tenant, not the requester, distinct approvers for two-person approvals. The button must
 * still describe the approval's action; high and critical risk (the tenant's step-up risks) are
 * decided in the console. Each click is carried out once; every outcome is told to the clicker.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.ts';
import type { Log } from '../../domain/log.ts';
import { APPROVERS, type Principal } from '../../domain/roles.ts';
import { codeHash, newCode } from '../../domain/single-use-code.ts';
import type { SlackClick, SlackClicksDone, SlackReply } from '../../domain/slack/slack-click.ts';
import { actionHash } from '../../domain/slack/slack-interaction.ts';
import { LINK_CODE_TTL_SECONDS, type SlackLinks } from '../../domain/slack/slack-links.ts';
import type { SlackMessageRefs } from '../../domain/slack/slack-messages.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { Denial } from '../auth/record-denial.ts';
import { decideApproval } from '../remediation/decide-approval.ts';
import type { RemediationDeps } from '../remediation/deps.ts';

export interface ActOnClickDeps {
  readonly links: SlackLinks;
  readonly done: SlackClicksDone;
  readonly reply: SlackReply;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly remediation: RemediationDeps;
  /** The console's base URL: where link codes are opened, and approvals decided when Slack will not do. */
  readonly consoleBaseUrl: string;
  /** A linked user's refusal (no approver role, their own request), audited as the API's are. */
  readonly recordDenial?: (denial: Denial) => Promise<void>;
  /** Where each approval's message is: a click counts only from it. */
  readonly refs: Pick<SlackMessageRefs, 'get'>;
  readonly log?: Pick<Log, 'warn'>;
  readonly now?: () => Date;
}

const ROUTE = 'SLACK vote';

export type ClickOutcome = 'duplicate' | 'unlinked' | 'voted' | 'refused';

export async function actOnClick(deps: ActOnClickDeps, click: SlackClick): Promise<ClickOutcome> {
  // Taken first, by a conditional write: deliveries of one click arriving together carry it out once.
  if (!(await deps.done.claim(click.clickKey))) return 'duplicate';
  try {
    return await carryOut(deps, click);
  } catch (error: unknown) {
    // Not carried out: given back for the queue's next delivery (a vote repeated is refused as already cast).
    await deps.done.release(click.clickKey);
    throw error;
  }
}

/** Tells the clicker; a reply that fails (a response_url lasts 30 minutes) is logged, never a redo of the click. */
async function tell(deps: ActOnClickDeps, click: SlackClick, text: string): Promise<void> {
  try {
    await deps.reply(click, text);
  } catch (error: unknown) {
    deps.log?.warn('Slack reply not delivered', { tenant: click.tenant, approvalId: click.approvalId, error });
  }
}

async function carryOut(deps: ActOnClickDeps, click: SlackClick): Promise<ClickOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const approvalUrl = `${deps.consoleBaseUrl}/approvals/${encodeURIComponent(click.approvalId)}`;
  const link = await deps.links.get(click.tenant, click.teamId, click.userId);
  if (link === undefined || link.expiresAt <= nowSeconds) {
    const code = newCode();
    await deps.links.issueCode(codeHash(code), {
      tenant: click.tenant,
      teamId: click.teamId,
      userId: click.userId,
      expiresAt: nowSeconds + LINK_CODE_TTL_SECONDS,
    });
    await tell(
      deps,
      click,
      `Link your Slack account to alertgate first: open ${deps.consoleBaseUrl}/slack/link?code=${code} signed in (within 10 minutes), then click again. Nothing was decided.`,
    );
    return 'unlinked';
  }
  const refuse = async (text: string) => {
    await tell(deps, click, text);
    return 'refused' as const;
  };
  const approval = await deps.remediation.approvals.get(click.tenant, click.approvalId);
  if (approval === undefined) return refuse('This approval no longer exists. Nothing was decided.');
  // Only the approval's own message votes: a button copied into another message (the same app's
  // webhook, a stale duplicate) says what it likes, so it is not trusted.
  const own = await deps.refs.get(click.tenant, approval.id);
  if (own === undefined || own.channel !== click.channelId || own.ts !== click.messageTs) {
    return refuse(`This is not the approval's own message. Nothing was decided; see it in the console: ${approvalUrl}`);
  }
  if (actionHash(approval.action) !== click.hash) {
    return refuse(`This message no longer matches the approval's action. Nothing was decided; see it in the console: ${approvalUrl}`);
  }
  const slack = (await deps.configOf(click.tenant)).slack;
  if (slack === undefined) return refuse(`Approving from Slack is off for this tenant; decide in the console: ${approvalUrl}`);
  if (slack.stepUpRisks.includes(approval.risk)) {
    return refuse(`A ${approval.risk}-risk action is decided in the console, signed in: ${approvalUrl}`);
  }
  if (click.action === 'reject' && click.reason === undefined) return refuse(`Reject with a reason: ${approvalUrl}`);
  const principal: Principal = { subject: link.subject, tenant: link.tenant, roles: link.roles, via: 'slack' };
  const verb = click.action === 'reject' ? 'reject' : 'approve';
  const denied = (reason: string) =>
    deps.recordDenial?.({ who: principal, route: ROUTE, sourceIp: undefined, correlationId: click.correlationId, reason });
  if (!principal.roles.some((role) => APPROVERS.includes(role))) {
    await denied(`deciding needs one of the roles: ${APPROVERS.join(', ')}`);
    return refuse(`As ${link.subject} (${link.roles.join(', ') || 'no role'}) you cannot ${verb}. Nothing was decided.`);
  }
  try {
    const decided = await decideApproval(
      deps.remediation,
      principal,
      approval.id,
      {
        vote: verb,
        ...(click.reason === undefined ? {} : { note: click.reason }),
        via: { kind: 'slack', teamId: click.teamId, userId: click.userId },
      },
      click.correlationId,
    );
    const votes = decided.votes.filter((vote) => vote.vote === 'approve').length;
    await tell(
      deps,
      click,
      decided.status === 'rejected'
        ? `Rejected as ${link.subject}: the action will not run.`
        : decided.status === 'approved'
          ? `Approved as ${link.subject}: the action runs now.`
          : `Your approval as ${link.subject} is recorded: ${votes} of ${decided.requiredApprovals} approvals.`,
    );
    return 'voted';
  } catch (error: unknown) {
    if (error instanceof ForbiddenError) await denied(error.message);
    if (error instanceof ForbiddenError || error instanceof ConflictError || error instanceof NotFoundError) {
      return refuse(`${error.message}. Nothing was decided.`);
    }
    throw error;
  }
}
