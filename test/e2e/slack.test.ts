/**
 * Slack's interactivity endpoint on the local stack, with requests signed exactly as Slack signs
 * them: a workspace belongs to one tenant; a click signed with that tenant's secret is accepted;
 * a bad signature, a stale timestamp or an unknown workspace is a 401 that changes nothing, and
 * a known workspace's refusal is in its tenant's audit log.
 */
import { describe, expect, it } from 'vitest';
import { encodeButtonValue } from '../../shared/domain/slack/slack-interaction.ts';
import { call, tokenFor } from '../helpers/api.ts';
import { clickBody, SLACK_TEST_SIGNING_SECRET, signedHeaders } from '../helpers/slack.ts';
import { eventually } from '../support/eventually.ts';

const run = Date.now().toString(36).toUpperCase();
const tenant = `e2e-slack-${run.toLowerCase()}`;
const teamId = `T0${run}`;
type Json = Record<string, unknown>;

function slackConfig(team: string) {
  return {
    slack: {
      teamId: team,
      signingSecretRef: 'env:ALERTGATE_SLACK_SIGNING_SECRET',
      botTokenRef: 'env:ALERTGATE_SLACK_BOT_TOKEN',
      channels: { default: 'C0APPROVALS' },
    },
  };
}

async function putConfig(who: string, config: Json) {
  const admin = await tokenFor(who, ['admin']);
  const current = await call('GET', `/v1/tenants/${who}/config`, { token: admin });
  return call('PUT', `/v1/tenants/${who}/config`, {
    token: admin,
    json: config,
    headers: { 'if-match': String(current.headers.get('etag')) },
  });
}

function post(body: string, headers: Record<string, string>) {
  return call('POST', '/v1/integrations/slack/interactions', { body, contentType: 'application/x-www-form-urlencoded', headers });
}

const value = encodeButtonValue({ approvalId: 'ap-none', hash: '0123456789abcdef' });

describe('the Slack interactivity endpoint', () => {
  it('gives a workspace to one tenant only', async () => {
    expect((await putConfig(tenant, slackConfig(teamId))).status).toBe(200);
    const other = await putConfig(`${tenant}-other`, slackConfig(teamId));
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([{ field: 'slack.teamId', message: 'this Slack workspace is connected to another tenant' }]);
  });

  it("accepts a click signed with the tenant's signing secret, and refuses every other", async () => {
    const body = clickBody({ teamId, userId: 'U0ALICE', value });
    const accepted = await post(body, signedHeaders(body, SLACK_TEST_SIGNING_SECRET));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);

    const forged = await post(body, signedHeaders(body, 'not-the-secret'));
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    expect(String(forged.body.detail)).toContain('the signature does not match');
    const stale = await post(body, signedHeaders(body, SLACK_TEST_SIGNING_SECRET, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
    expect(String(stale.body.detail)).toContain('more than 5 minutes');
    const strangerBody = clickBody({ teamId: 'T0NOBODY9', userId: 'U0X', value });
    const stranger = await post(strangerBody, signedHeaders(strangerBody, SLACK_TEST_SIGNING_SECRET));
    expect(stranger.status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    // A changed body under the old signature: the HMAC covers every byte.
    const tampered = body.replace('U0ALICE', 'U0MALLORY');
    expect((await post(tampered, signedHeaders(body, SLACK_TEST_SIGNING_SECRET))).status).toBe(401);

    const auditor = await tokenFor(tenant, ['auditor']);
    const denied = await eventually('the forged request audited', async () => {
      const listed = await call('GET', '/v1/audit?type=auth.denied', { token: auditor });
      const items = listed.body.items as { actor: string; data: Json }[];
      return items.some((item) => item.data.reason === 'the signature does not match') ? items : undefined;
    });
    expect(denied.every((item) => item.data.route === 'POST /v1/integrations/slack/interactions')).toBe(true);
    expect(denied.map((item) => item.actor)).toContain(`slack:${teamId}:U0ALICE`);
  });

  it('lets the workspace go when the tenant no longer names it', async () => {
    expect((await putConfig(tenant, {})).status).toBe(200);
    expect((await putConfig(`${tenant}-other`, slackConfig(teamId))).status).toBe(200);
  });
});
