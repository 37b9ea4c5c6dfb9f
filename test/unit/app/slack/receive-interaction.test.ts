/**
 * The interactivity endpoint's rule: nothing happens unless the request is signed with the
 * signing secret of the tenant that holds the workspace it names, within five minutes.
 */
import { describe, expect, it, vi } from 'vitest';
import { receiveInteraction } from '../../../../shared/app/slack/receive-interaction.ts';
import { UnauthorizedError } from '../../../../shared/domain/errors.ts';
import type { SlackClick } from '../../../../shared/domain/slack/slack-click.ts';
import type { SlackConfig } from '../../../../shared/domain/slack/slack-config.ts';
import { encodeButtonValue } from '../../../../shared/domain/slack/slack-interaction.ts';
import type { SlackTeams } from '../../../../shared/domain/slack/slack-teams.ts';
import { DEFAULT_TENANT_CONFIG, type TenantConfig } from '../../../../shared/domain/tenants/tenant-config.ts';
import { clickBody, signedHeaders } from '../../../helpers/slack.ts';

const NOW = new Date('2026-12-01T03:00:00Z');
const SECRET = 'acme-signing-secret';
const slack: SlackConfig = {
  teamId: 'T0ACME',
  signingSecretRef: 'env:ACME_SLACK_SIGNING_SECRET',
  botTokenRef: 'env:ACME_SLACK_BOT_TOKEN',
  channels: { default: 'C0APPROVALS', byTeam: {} },
  stepUpRisks: ['high', 'critical'],
};

function wiring() {
  const teams: SlackTeams = {
    tenantOf: async (teamId) => (teamId === 'T0ACME' ? 'acme' : teamId === 'T0GLOBEX' ? 'globex' : undefined),
    claim: async () => 'claimed',
    release: async () => {},
  };
  const sent: SlackClick[] = [];
  const countRefusal = vi.fn(async () => {});
  const recordDenial = vi.fn(async () => {});
  const log = { info: vi.fn() };
  const configOf = async (tenant: string): Promise<TenantConfig> =>
    tenant === 'acme' ? { ...DEFAULT_TENANT_CONFIG, slack } : DEFAULT_TENANT_CONFIG;
  const secretOf = async (tenant: string, ref: string) => {
    if (tenant === 'acme' && ref === slack.signingSecretRef) return SECRET;
    if (tenant === 'acme' && ref === slack.botTokenRef) return 'xoxb-acme';
    throw new Error('no such secret');
  };
  const views: { triggerId: string; view: Readonly<Record<string, unknown>> }[] = [];
  const slackApi = {
    openView: async (_token: string, triggerId: string, view: Readonly<Record<string, unknown>>) => void views.push({ triggerId, view }),
  };
  return {
    sent,
    views,
    countRefusal,
    recordDenial,
    log,
    deps: {
      log,
      teams,
      configOf,
      secretOf,
      slack: slackApi,
      clicks: { send: async (c: SlackClick) => void sent.push(c) },
      countRefusal,
      recordDenial,
      now: () => NOW,
    },
  };
}

const value = encodeButtonValue({ approvalId: 'ap1', hash: '0123456789abcdef' });
const nowSeconds = Math.floor(NOW.getTime() / 1000);

function request(body: string, headers: Record<string, string>) {
  return {
    rawBody: body,
    timestamp: headers['x-slack-request-timestamp'],
    signature: headers['x-slack-signature'],
    sourceIp: '203.0.113.9',
    correlationId: 'c1',
  };
}

describe('receiving a Slack click', () => {
  it("queues a click signed with the workspace's tenant's secret, naming that tenant", async () => {
    const { sent, deps } = wiring();
    const body = clickBody({ teamId: 'T0ACME', userId: 'U0ALICE', value });
    expect(await receiveInteraction(deps, request(body, signedHeaders(body, SECRET, nowSeconds)))).toBe('accepted');
    expect(sent).toEqual([
      expect.objectContaining({
        tenant: 'acme',
        teamId: 'T0ACME',
        userId: 'U0ALICE',
        action: 'approve',
        approvalId: 'ap1',
        hash: '0123456789abcdef',
      }),
    ]);
  });

  it('refuses a bad signature, a stale timestamp, an unknown workspace, a tenant without Slack, and no signature: nothing queued', async () => {
    const { sent, countRefusal, recordDenial, log, deps } = wiring();
    const body = clickBody({ teamId: 'T0ACME', userId: 'U0MALLORY', value });
    const refused = (headers: Record<string, string>, sentBody = body) => receiveInteraction(deps, request(sentBody, headers));
    await expect(refused(signedHeaders(body, 'guessed', nowSeconds))).rejects.toThrow(UnauthorizedError);
    await expect(refused(signedHeaders(body, SECRET, nowSeconds - 301))).rejects.toThrow(UnauthorizedError);
    const stranger = clickBody({ teamId: 'T0NOBODY', userId: 'U0X', value });
    await expect(refused(signedHeaders(stranger, SECRET, nowSeconds), stranger)).rejects.toThrow(UnauthorizedError);
    const globex = clickBody({ teamId: 'T0GLOBEX', userId: 'U0X', value });
    await expect(refused(signedHeaders(globex, SECRET, nowSeconds), globex)).rejects.toThrow(UnauthorizedError);
    await expect(refused({})).rejects.toThrow(UnauthorizedError);
    await expect(refused(signedHeaders('payload=not-json', SECRET, nowSeconds), 'payload=not-json')).rejects.toThrow(UnauthorizedError);
    expect(sent).toEqual([]);
    expect(countRefusal).toHaveBeenCalledTimes(6);
    // Only a known workspace's refusals are audited, under its tenant, as the claim they were.
    expect(recordDenial).toHaveBeenCalledTimes(3);
    expect(recordDenial).toHaveBeenCalledWith(expect.objectContaining({ who: { tenant: 'acme', subject: 'slack:T0ACME:U0MALLORY' } }));
    // The reasons are recorded and logged, not told to the caller.
    expect(recordDenial.mock.calls.map((call) => (call as unknown as [{ reason: string }])[0].reason)).toEqual(
      expect.arrayContaining(['the signature does not match', 'the timestamp is more than 5 minutes from now']),
    );
    expect(log.info).toHaveBeenCalledWith('Slack request refused', expect.objectContaining({ reason: 'unknown workspace' }));
  });

  it("refuses a workspace whose tenant's configuration no longer names it, and ignores a guest of another workspace", async () => {
    const { sent, deps } = wiring();
    const moved = {
      ...deps,
      configOf: async (): Promise<TenantConfig> => ({ ...DEFAULT_TENANT_CONFIG, slack: { ...slack, teamId: 'T0OTHER' } }),
    };
    const body = clickBody({ teamId: 'T0ACME', userId: 'U0ALICE', value });
    await expect(receiveInteraction(moved, request(body, signedHeaders(body, SECRET, nowSeconds)))).rejects.toThrow(UnauthorizedError);
    const guest = body.replace(encodeURIComponent('"team_id":"T0ACME"'), encodeURIComponent('"team_id":"T0GUEST"'));
    expect(guest).not.toBe(body);
    expect(await receiveInteraction(deps, request(guest, signedHeaders(guest, SECRET, nowSeconds)))).toBe('ignored');
    expect(sent).toEqual([]);
  });

  it('ignores a verified request that is not one of our buttons', async () => {
    const { sent, deps } = wiring();
    const other = clickBody({ teamId: 'T0ACME', userId: 'U0ALICE', actionId: 'something-else', value });
    expect(await receiveInteraction(deps, request(other, signedHeaders(other, SECRET, nowSeconds)))).toBe('ignored');
    const forged = clickBody({ teamId: 'T0ACME', userId: 'U0ALICE', value: '{"a":"ap1"}' });
    expect(await receiveInteraction(deps, request(forged, signedHeaders(forged, SECRET, nowSeconds)))).toBe('ignored');
    expect(sent).toEqual([]);
  });
});

describe('rejecting from Slack', () => {
  it('opens the reason modal at once for a Reject click, and queues the submitted reason as the vote', async () => {
    const { sent, views, deps } = wiring();
    const body = clickBody({ teamId: 'T0ACME', userId: 'U0ALICE', actionId: 'reject', value });
    expect(await receiveInteraction(deps, request(body, signedHeaders(body, SECRET, nowSeconds)))).toBe('accepted');
    expect(sent).toEqual([]);
    expect(views).toHaveLength(1);
    const view = views[0]?.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('reject');
    const submission = {
      type: 'view_submission',
      team: { id: 'T0ACME' },
      user: { id: 'U0ALICE' },
      view: {
        id: 'V0MODAL1',
        callback_id: 'reject',
        private_metadata: view.private_metadata,
        state: { values: { reason: { reason: { type: 'plain_text_input', value: '  restart does not help, OOM  ' } } } },
      },
    };
    const submitted = new URLSearchParams({ payload: JSON.stringify(submission) }).toString();
    expect(await receiveInteraction(deps, request(submitted, signedHeaders(submitted, SECRET, nowSeconds)))).toBe('accepted');
    expect(sent).toEqual([
      expect.objectContaining({
        action: 'reject',
        approvalId: 'ap1',
        hash: '0123456789abcdef',
        reason: 'restart does not help, OOM',
        clickKey: 'T0ACME:view:V0MODAL1',
      }),
    ]);
    expect(sent[0]?.responseUrl).toBeUndefined();
  });
});
