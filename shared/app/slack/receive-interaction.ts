/**
 * POST /v1/integrations/slack/interactions: verify, record, acknowledge. The request carries no
 * token; Slack's signature authenticates it, with the signing secret of the tenant that holds
 * the workspace the payload names. Anything that does not verify is a 401 and changes nothing:
 * an unknown workspace counts against its address's budget, a bad signature for a known one is
 * also recorded in that tenant's audit log (auth.denied, aggregated).
 */
import { UnauthorizedError } from '../../domain/errors.ts';
import type { SlackClickQueue } from '../../domain/slack/slack-click.ts';
import { blockActionsSchema, clickKey, decodeButtonValue, slackActionOf } from '../../domain/slack/slack-interaction.ts';
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
  readonly countRefusal?: (sourceIp: string | undefined) => Promise<void>;
  readonly recordDenial?: (denial: Denial) => Promise<void>;
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

async function refuse(deps: ReceiveInteractionDeps, request: SignedRequest, reason: string): Promise<never> {
  await deps.countRefusal?.(request.sourceIp);
  const credentials = request.signature === undefined ? 'missing' : 'invalid';
  throw new UnauthorizedError(`The request is not from a Slack workspace connected to alertgate: ${reason}`, credentials);
}

/** `accepted`: queued, or a click already queued; `ignored`: verified, but nothing alertgate acts on. */
export async function receiveInteraction(deps: ReceiveInteractionDeps, request: SignedRequest): Promise<'accepted' | 'ignored'> {
  const parsed = blockActionsSchema.safeParse(payloadOf(request.rawBody));
  // Unverified, a body that is not a button click says nothing about who sent it: 401 like any other.
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
    nowSeconds: Math.floor((deps.now ?? (() => new Date()))().getTime() / 1000),
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
  const [action] = payload.actions;
  const kind = action === undefined ? undefined : slackActionOf(action.action_id);
  const button = decodeButtonValue(action?.value);
  if (action === undefined || kind === undefined || button === undefined) return 'ignored';
  await deps.clicks.send({
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
    receivedAt: (deps.now ?? (() => new Date()))().toISOString(),
  });
  return 'accepted';
}
