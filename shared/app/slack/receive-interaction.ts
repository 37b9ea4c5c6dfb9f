/**
 * POST /v1/integrations/slack/interactions: verify, record, acknowledge. The request carries no
 * token; Slack's signature authenticates it, with the signing secret of the tenant that holds
 * the workspace the payload names. Anything that does not verify is a 401 and changes nothing:
 * an unknown workspace counts against its address's budget, a bad signature for a known one is
 * also recorded in that tenant's audit log (auth.denied, aggregated).
 */
import { UnauthorizedError } from '../../domain/errors.ts';
import type { Log } from '../../domain/log.ts';
import { type SlackClickQueue, slackClickSchema } from '../../domain/slack/slack-click.ts';
import {
  type BlockActions,
  clickKey,
  decodeButtonValue,
  decodeRejectContext,
  interactionSchema,
  REJECT_CALLBACK,
  reasonOf,
  rejectModal,
  slackActionOf,
  type ViewSubmission,
} from '../../domain/slack/slack-interaction.ts';
import type { SlackWebApi } from '../../domain/slack/slack-messages.ts';
import { verifySlackSignature } from '../../domain/slack/slack-signature.ts';
import type { SlackTeams } from '../../domain/slack/slack-teams.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { Denial } from '../auth/record-denial.ts';

export interface ReceiveInteractionDeps {
  readonly teams: SlackTeams;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  /** The tenant's secret behind a reference (env:, ssm:, secretsmanager:). */
  readonly secretOf: (tenant: string, ref: string) => Promise<string>;
  readonly clicks: SlackClickQueue;
  /** Opens the reject modal at once: a click's trigger id lasts three seconds, too short for the queue. */
  readonly slack: Pick<SlackWebApi, 'openView'>;
  readonly countRefusal?: (sourceIp: string | undefined) => Promise<void>;
  readonly recordDenial?: (denial: Denial) => Promise<void>;
  readonly log?: Pick<Log, 'info'>;
  readonly now?: () => Date;
}

export interface SignedRequest {
  readonly rawBody: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly sourceIp: string | undefined;
  readonly correlationId: string;
}

const ROUTE = 'POST /v1/integrations/slack/interactions';

function payloadOf(rawBody: string): unknown {
  try {
    return JSON.parse(new URLSearchParams(rawBody).get('payload') ?? '');
  } catch {
    return undefined;
  }
}

/**
 * One answer for every refusal (the reason is logged, not told): a caller learns neither which
 * workspaces are connected nor which check failed.
 */
async function refuse(deps: ReceiveInteractionDeps, request: SignedRequest, reason: string): Promise<never> {
  await deps.countRefusal?.(request.sourceIp);
  deps.log?.info('Slack request refused', { reason, sourceIp: request.sourceIp, correlationId: request.correlationId });
  const credentials = request.signature === undefined ? 'missing' : 'invalid';
  throw new UnauthorizedError('The request is not a signed request from a Slack workspace connected to alertgate', credentials);
}

/** `accepted`: queued (or a modal opened); `ignored`: verified, but nothing alertgate acts on. */
export async function receiveInteraction(deps: ReceiveInteractionDeps, request: SignedRequest): Promise<'accepted' | 'ignored'> {
  const parsed = interactionSchema.safeParse(payloadOf(request.rawBody));
  // Unverified, a body that is not a Slack interaction says nothing about who sent it: 401 like any other.
  if (!parsed.success) return refuse(deps, request, 'the payload is not a Slack interaction');
  const payload = parsed.data;
  const tenant = await deps.teams.tenantOf(payload.team.id);
  if (tenant === undefined) return refuse(deps, request, 'unknown workspace');
  const slack = (await deps.configOf(tenant)).slack;
  if (slack === undefined || slack.teamId !== payload.team.id) return refuse(deps, request, 'unknown workspace');
  const verdict = verifySlackSignature({
    signingSecret: await deps.secretOf(tenant, slack.signingSecretRef),
    timestamp: request.timestamp,
    signature: request.signature,
    rawBody: request.rawBody,
    nowSeconds: Math.floor(now(deps).getTime() / 1000),
  });
  if (!verdict.ok) {
    // Who it claims to be is not verified: recorded as a claim, under the tenant it named.
    await deps.recordDenial?.({
      who: { tenant, subject: `slack:${payload.team.id}:${payload.user.id}` },
      route: ROUTE,
      sourceIp: request.sourceIp,
      correlationId: request.correlationId,
      reason: verdict.reason,
    });
    return refuse(deps, request, verdict.reason);
  }
  // A guest from another workspace (Slack Connect) is not one of the tenant's people: nothing happens.
  if (payload.user.team_id !== undefined && payload.user.team_id !== payload.team.id) return 'ignored';
  return payload.type === 'view_submission'
    ? submitted(deps, tenant, payload, request)
    : clicked(deps, tenant, slack.botTokenRef, payload, request);
}

function now(deps: ReceiveInteractionDeps): Date {
  return (deps.now ?? (() => new Date()))();
}

async function clicked(
  deps: ReceiveInteractionDeps,
  tenant: string,
  botTokenRef: string,
  payload: BlockActions,
  request: SignedRequest,
): Promise<'accepted' | 'ignored'> {
  const [action] = payload.actions;
  const kind = action === undefined ? undefined : slackActionOf(action.action_id);
  const button = decodeButtonValue(action?.value);
  if (action === undefined || kind === undefined || button === undefined) return 'ignored';
  if (kind === 'reject' && payload.trigger_id !== undefined) {
    // Nothing is decided yet: the modal asks the reason, and its submission is the vote.
    const context = { ...button, channelId: payload.container.channel_id, messageTs: payload.container.message_ts };
    await deps.slack.openView(await deps.secretOf(tenant, botTokenRef), payload.trigger_id, rejectModal(context));
    return 'accepted';
  }
  return queue(deps, {
    tenant,
    teamId: payload.team.id,
    userId: payload.user.id,
    action: kind,
    approvalId: button.approvalId,
    hash: button.hash,
    channelId: payload.container.channel_id,
    messageTs: payload.container.message_ts,
    actionTs: action.action_ts,
    responseUrl: payload.response_url,
    clickKey: clickKey(payload),
    correlationId: request.correlationId,
    receivedAt: now(deps).toISOString(),
  });
}

/** Queued only as the consumer will read it: what would not parse there is not accepted here. */
async function queue(deps: ReceiveInteractionDeps, click: unknown): Promise<'accepted' | 'ignored'> {
  const parsed = slackClickSchema.safeParse(click);
  if (!parsed.success) return 'ignored';
  await deps.clicks.send(parsed.data);
  return 'accepted';
}

async function submitted(
  deps: ReceiveInteractionDeps,
  tenant: string,
  payload: ViewSubmission,
  request: SignedRequest,
): Promise<'accepted' | 'ignored'> {
  const context = decodeRejectContext(payload.view.private_metadata);
  const reason = reasonOf(payload);
  if (payload.view.callback_id !== REJECT_CALLBACK || context === undefined || reason === undefined) return 'ignored';
  return queue(deps, {
    tenant,
    teamId: payload.team.id,
    userId: payload.user.id,
    action: 'reject',
    ...context,
    reason,
    // One modal, one vote, however often Slack delivers its submission.
    clickKey: `${payload.team.id}:view:${payload.view.id}`,
    correlationId: request.correlationId,
    receivedAt: now(deps).toISOString(),
  });
}
