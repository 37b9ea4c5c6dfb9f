/**
 * Slack's interactivity endpoint on the local stack, with requests signed exactly as Slack signs
 * them: a workspace belongs to one tenant; a click signed with that tenant's secret is accepted;
 * a bad signature, a stale timestamp or an unknown workspace is a 401 that changes nothing, and
 * a known workspace's refusal is in its tenant's audit log.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actionHash, encodeButtonValue } from '../../shared/domain/slack/slack-interaction.ts';
import { call, tokenFor } from '../helpers/api.ts';
import { pastDeadline } from '../helpers/past-deadline.ts';
import { type RecordingWebhook, startRecordingWebhook } from '../helpers/recording-webhook.ts';
import { clickBody, rejectSubmissionBody, SLACK_TEST_SIGNING_SECRET, signedHeaders } from '../helpers/slack.ts';
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

type Call = { method: string; channel: string; ts: string; text: string; blocks: { type: string; elements?: Json[] }[] };

/** What the stand-in for Slack's Web API was sent about an approval. */
async function callsAbout(approvalId: string): Promise<Call[]> {
  const calls = (await (await fetch(`${inject('alertgate').slackApi}/__calls`)).json()) as Call[];
  return calls.filter((call) => JSON.stringify(call.blocks).includes(approvalId));
}

/** The approval's message, once posted. */
function postedMessage(approvalId: string): Promise<Call> {
  return eventually('the message posted', async () => (await callsAbout(approvalId)).find((call) => call.method === 'chat.postMessage'));
}

const buttons = (call: Call | undefined) => call?.blocks.find((block) => block.type === 'actions')?.elements ?? [];

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
    // One answer for every refusal: a caller learns neither which workspaces are connected nor which check failed.
    expect(forged.body.detail).toBe('The request is not a signed request from a Slack workspace connected to alertgate');
    const stale = await post(body, signedHeaders(body, SLACK_TEST_SIGNING_SECRET, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
    expect(stale.body.detail).toBe(forged.body.detail);
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

describe('approving from Slack, as the linked principal', () => {
  const approving = `${tenant}-approve`;
  const team = `T1${run}`;
  let responses: RecordingWebhook;
  let clicks = 0;

  beforeAll(async () => {
    responses = await startRecordingWebhook('/slack/response');
    expect((await putConfig(approving, slackConfig(team))).status).toBe(200);
  });
  afterAll(() => responses.close());

  /** Asks for an action (as sam, a responder) and returns its pending approval. */
  async function pendingApproval(action: Json): Promise<Json> {
    const token = await tokenFor(approving, ['ingest']);
    const posted = await call('POST', '/v1/webhooks/generic', {
      token,
      json: { name: `SlackApproval${clicks}`, severity: 'warning', labels: { run } },
    });
    const alertId = (posted.body.alerts as { id: string }[])[0]?.id ?? '';
    const sam = await tokenFor(approving, ['responder'], 'sam');
    const requested = await call('POST', `/v1/alerts/${alertId}/actions`, { token: sam, json: action });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    const viewer = await tokenFor(approving, ['viewer']);
    return eventually('the approval written', async () => {
      const read = await call('GET', `/v1/approvals/${String(requested.body.approvalId)}`, { token: viewer });
      return read.status === 200 ? read.body : undefined;
    });
  }

  /** A click as Slack sends it, signed; returns the ephemeral reply the clicker got. */
  async function click(
    userId: string,
    approval: Json,
    options: { action?: string; times?: number; hash?: string; messageTs?: string } = {},
  ): Promise<string> {
    clicks += 1;
    const before = responses.received.length;
    // Clicked on the approval's own message, as Slack would send it.
    const message = await postedMessage(String(approval.id));
    const body = clickBody({
      teamId: team,
      userId,
      messageTs: options.messageTs ?? message.ts,
      actionId: options.action ?? 'approve',
      value: encodeButtonValue({
        approvalId: String(approval.id),
        hash: options.hash ?? actionHash(approval.action as { name: string; params: Json }),
      }),
      actionTs: `1733040001.${String(clicks).padStart(6, '0')}`,
      responseUrl: `${responses.url}`,
    });
    for (let i = 0; i < (options.times ?? 1); i++) {
      const answered = await post(body, signedHeaders(body, SLACK_TEST_SIGNING_SECRET));
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    }
    const reply = await eventually(
      'the ephemeral reply',
      async () => responses.received[before] as { text?: string; response_type?: string } | undefined,
    );
    expect(reply.response_type).toBe('ephemeral');
    return String(reply.text);
  }

  async function link(userId: string, principal: string, roles: Parameters<typeof tokenFor>[1], approval: Json): Promise<void> {
    const reply = await click(userId, approval);
    const code = /code=([\w-]+)/.exec(reply)?.[1] ?? '';
    expect(reply).toContain('/slack/link?code=');
    const linked = await call('POST', '/v1/integrations/slack/links', {
      token: await tokenFor(approving, roles, principal),
      json: { code },
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  }

  it('asks an unlinked user to link, with a code that works once and only in its tenant; then approves as the linked approver', async () => {
    const approval = await pendingApproval({ action: 'scale_workload', params: { namespace: 'orders', name: 'worker', replicas: 4 } });
    const reply = await click('U0ALICE', approval);
    expect(reply).toContain('Nothing was decided');
    const code = /code=([\w-]+)/.exec(reply)?.[1] ?? '';
    // Another tenant's principal cannot use it, and that does not spend it.
    const intruder = await call('POST', '/v1/integrations/slack/links', {
      token: await tokenFor(`${approving}-x`, ['admin']),
      json: { code },
    });
    expect(intruder.status).toBe(404);
    const alice = await tokenFor(approving, ['approver'], 'alice');
    const linked = await call('POST', '/v1/integrations/slack/links', { token: alice, json: { code } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect(linked.body).toMatchObject({ id: `${team}:U0ALICE`, subject: 'alice', roles: ['approver'] });
    expect((await call('POST', '/v1/integrations/slack/links', { token: alice, json: { code } })).status).toBe(404);

    // The same click, delivered five times: one vote, one reply.
    const before = responses.received.length;
    expect(await click('U0ALICE', approval, { times: 5 })).toContain('Approved as alice');
    const viewer = await tokenFor(approving, ['viewer']);
    const decided = await eventually('the approval decided', async () => {
      const read = await call('GET', `/v1/approvals/${String(approval.id)}`, { token: viewer });
      return read.body.status === 'approved' ? read.body : undefined;
    });
    expect(decided.votes).toEqual([
      expect.objectContaining({ by: 'alice', vote: 'approve', via: { kind: 'slack', teamId: team, userId: 'U0ALICE' } }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(responses.received.length - before).toBe(1);
    const auditor = await tokenFor(approving, ['auditor']);
    const voted = await eventually('the vote audited', async () => {
      const listed = await call('GET', `/v1/audit?type=approval.voted&subject=${String(approval.id)}`, { token: auditor });
      return (listed.body.items as { data: Json }[])[0];
    });
    expect(voted.data).toMatchObject({ via: 'slack', slack: { teamId: team, userId: 'U0ALICE' } });
    const admin = await tokenFor(approving, ['admin']);
    const links = await call('GET', '/v1/integrations/slack/links', { token: admin });
    expect((links.body.items as Json[]).map((item) => item.id)).toContain(`${team}:U0ALICE`);
    // Who may act as whom is in the audit log.
    const linkedEntry = await eventually('the link audited', async () => {
      const listed = await call('GET', '/v1/audit?type=slack.linked', { token: auditor });
      return (listed.body.items as { actor: string; data: Json }[]).find((entry) => entry.data.userId === 'U0ALICE');
    });
    expect(linkedEntry).toMatchObject({ actor: 'alice', data: { teamId: team, subject: 'alice', roles: ['approver'] } });
  }, 120_000);

  it('refuses a linked viewer and the requester, sends high risk to the console, and unlinks', async () => {
    const approval = await pendingApproval({ action: 'scale_workload', params: { namespace: 'orders', name: 'api', replicas: 3 } });
    await link('U0BOB', 'bob', ['viewer'], approval);
    expect(await click('U0BOB', approval)).toContain('you cannot approve');
    // bob becomes an approver in the identity provider: his next console sign-in renews the link's roles.
    const renewed = await call('POST', '/v1/integrations/slack/links/refresh', { token: await tokenFor(approving, ['approver'], 'bob') });
    expect(renewed.body.items).toEqual([expect.objectContaining({ id: `${team}:U0BOB`, roles: ['approver'] })]);
    const refreshedLater = await pendingApproval({ action: 'scale_workload', params: { namespace: 'orders', name: 'bobs', replicas: 2 } });
    expect(await click('U0BOB', refreshedLater)).toContain('Approved as bob');
    await call('POST', '/v1/integrations/slack/links/refresh', { token: await tokenFor(approving, ['viewer'], 'bob') });
    await link('U0SAM', 'sam', ['responder', 'approver'], approval);
    expect(await click('U0SAM', approval)).toMatch(/requester of an action cannot approve it/);
    // A button bound to another action than the approval's now (the message is stale): refused.
    const stale = actionHash({ name: 'scale_workload', params: { namespace: 'orders', name: 'api', replicas: 30 } });
    await link('U0ALICE2', 'alice', ['approver'], approval);
    expect(await click('U0ALICE2', approval, { hash: stale })).toContain("no longer matches the approval's action");
    // The right button on another message (the same app's webhook, say) does not count.
    expect(await click('U0ALICE2', approval, { messageTs: '1733049999.000001' })).toContain("not the approval's own message");
    const risky = await pendingApproval({ action: 'rollback_deployment', params: { namespace: 'orders', name: 'api' } });
    expect(await click('U0SAM', risky)).toMatch(/high-risk action is decided in the console, signed in: http/);
    const viewer = await tokenFor(approving, ['viewer']);
    expect((await call('GET', `/v1/approvals/${String(approval.id)}`, { token: viewer })).body.status).toBe('pending');
    const admin = await tokenFor(approving, ['admin']);
    expect((await call('DELETE', `/v1/integrations/slack/links/${team}:U0BOB`, { token: admin })).status).toBe(204);
    expect((await call('DELETE', `/v1/integrations/slack/links/${team}:U0BOB`, { token: admin })).status).toBe(404);
    const auditor = await tokenFor(approving, ['auditor']);
    await eventually('the unlink audited', async () => {
      const listed = await call('GET', '/v1/audit?type=slack.unlinked', { token: auditor });
      return (listed.body.items as { data: Json }[]).find((entry) => entry.data.userId === 'U0BOB');
    });
    expect(await click('U0BOB', approval)).toContain('/slack/link?code=');
  }, 120_000);
});

describe('the approval message in Slack', () => {
  const posting = `${tenant}-post`;
  const team = `T2${run}`;
  let responses: RecordingWebhook;

  beforeAll(async () => {
    responses = await startRecordingWebhook('/slack/response');
    // Actions in namespace `dual` need two approvers.
    const config = { ...slackConfig(team), policies: { rules: [{ matchers: ['namespace="dual"'], atLeast: 'approval-2' }] } };
    expect((await putConfig(posting, config)).status).toBe(200);
  });
  afterAll(() => responses.close());

  /** Asks for an action (scale_workload unless said) on an alert of `namespace`; returns its approval, alert and posted message. */
  async function requestWithMessage(namespace: string, name: string, action?: Json) {
    const token = await tokenFor(posting, ['ingest']);
    const posted = await call('POST', '/v1/webhooks/generic', { token, json: { name, severity: 'warning', labels: { run, namespace } } });
    const alertId = (posted.body.alerts as { id: string }[])[0]?.id ?? '';
    const sam = await tokenFor(posting, ['responder'], 'sam');
    const requested = await call('POST', `/v1/alerts/${alertId}/actions`, {
      token: sam,
      json: action ?? { action: 'scale_workload', params: { namespace, name: name.toLowerCase(), replicas: 2 } },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    const approvalId = String(requested.body.approvalId);
    return { approvalId, alertId, message: await postedMessage(approvalId) };
  }

  it('posts one message per approval with its buttons, and updates it in place without them once decided from Slack', async () => {
    const { approvalId, alertId, message } = await requestWithMessage('orders', 'SlackMessage');
    expect(message).toMatchObject({ method: 'chat.postMessage', channel: 'C0APPROVALS' });
    expect(buttons(message).map((button) => button.action_id)).toEqual(['approve', 'reject', 'open']);
    expect(JSON.stringify(message?.blocks)).toContain('replicas=2');

    // alice clicks the button of the message itself: asked to link first, then approving.
    const linkReply = await approveAs('U0ALICE', message, '1733040002.000001');
    const code = /code=([\w-]+)/.exec(linkReply)?.[1] ?? '';
    const linked = await call('POST', '/v1/integrations/slack/links', {
      token: await tokenFor(posting, ['approver'], 'alice'),
      json: { code },
    });
    expect(linked.status).toBe(201);
    expect(await approveAs('U0ALICE', message, '1733040002.000002')).toContain('Approved as alice');

    const updated = await eventually('the message updated as approved', async () => {
      const calls = await callsAbout(approvalId);
      return calls.find((call) => call.method === 'chat.update' && JSON.stringify(call.blocks).includes('Approved by alice'));
    });
    expect(updated.ts).toBe(message?.ts);
    expect(buttons(updated)).toEqual([]);
    expect((await callsAbout(approvalId)).filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
    // And the approved action ran (the tenant's executor: dry-run).
    const viewer = await tokenFor(posting, ['viewer']);
    const ran = await eventually('the action executed', async () => {
      const alert = await call('GET', `/v1/alerts/${alertId}`, { token: viewer });
      return (alert.body.remediations as Json[]).find((item) => item.status === 'executed');
    });
    expect(ran).toMatchObject({ action: { name: 'scale_workload' } });
  }, 120_000);

  it('asks the reason of a Reject in a modal, and records it as the rejection', async () => {
    const { approvalId, message } = await requestWithMessage('orders', 'SlackReject');
    const reject = buttons(message).find((button) => button.action_id === 'reject');
    const body = clickBody({
      teamId: team,
      userId: 'U0ALICE',
      actionId: 'reject',
      value: String(reject?.value),
      messageTs: message?.ts,
      actionTs: '1733040003.000001',
    });
    expect((await post(body, signedHeaders(body, SLACK_TEST_SIGNING_SECRET))).status).toBe(200);
    // The modal opened at once, with nothing decided yet.
    const all = (await (await fetch(`${inject('alertgate').slackApi}/__calls`)).json()) as {
      method: string;
      view?: { private_metadata: string };
    }[];
    const opened = all.filter((entry) => entry.method === 'views.open' && entry.view?.private_metadata.includes(approvalId));
    expect(opened).toHaveLength(1);
    const viewer = await tokenFor(posting, ['viewer']);
    expect((await call('GET', `/v1/approvals/${approvalId}`, { token: viewer })).body.status).toBe('pending');

    const submitted = rejectSubmissionBody({
      teamId: team,
      userId: 'U0ALICE',
      viewId: `V0${run}`,
      privateMetadata: String(opened[0]?.view?.private_metadata),
      reason: 'restart does not help, OOM',
    });
    expect((await post(submitted, signedHeaders(submitted, SLACK_TEST_SIGNING_SECRET))).status).toBe(200);
    const decided = await eventually('the approval rejected', async () => {
      const read = await call('GET', `/v1/approvals/${approvalId}`, { token: viewer });
      return read.body.status === 'rejected' ? read.body : undefined;
    });
    expect(decided.votes).toEqual([
      expect.objectContaining({
        by: 'alice',
        vote: 'reject',
        note: 'restart does not help, OOM',
        via: { kind: 'slack', teamId: team, userId: 'U0ALICE' },
      }),
    ]);
    await eventually('the message updated as rejected', async () =>
      (await callsAbout(approvalId)).find(
        (entry) => entry.method === 'chat.update' && JSON.stringify(entry.blocks).includes('Rejected by alice'),
      ),
    );
    const told = (
      (await (await fetch(`${inject('alertgate').slackApi}/__calls`)).json()) as { method: string; user?: string; text: string }[]
    ).filter((entry) => entry.method === 'chat.postEphemeral' && entry.user === 'U0ALICE' && entry.text.startsWith('Rejected as alice'));
    expect(told.length).toBeGreaterThan(0);
  }, 120_000);

  async function approveAs(userId: string, message: Call | undefined, actionTs: string): Promise<string> {
    const before = responses.received.length;
    const approve = buttons(message).find((button) => button.action_id === 'approve');
    const body = clickBody({
      teamId: team,
      userId,
      value: String(approve?.value),
      messageTs: message?.ts,
      actionTs,
      responseUrl: responses.url,
    });
    expect((await post(body, signedHeaders(body, SLACK_TEST_SIGNING_SECRET))).status).toBe(200);
    return String((await eventually('the reply', async () => responses.received[before] as { text: string } | undefined)).text);
  }

  it('needs two linked approvers for a two-person approval', async () => {
    const { approvalId, message } = await requestWithMessage('dual', 'SlackDual');
    expect(await approveAs('U0ALICE', message, '1733040004.000001')).toContain('1 of 2 approvals');
    expect(await approveAs('U0ALICE', message, '1733040004.000002')).toMatch(/already voted/);
    const linkReply = await approveAs('U0FRANK', message, '1733040004.000003');
    const code = /code=([\w-]+)/.exec(linkReply)?.[1] ?? '';
    expect(
      (await call('POST', '/v1/integrations/slack/links', { token: await tokenFor(posting, ['approver'], 'frank'), json: { code } }))
        .status,
    ).toBe(201);
    expect(await approveAs('U0FRANK', message, '1733040004.000004')).toContain('Approved as frank');
    const viewer = await tokenFor(posting, ['viewer']);
    const decided = (await call('GET', `/v1/approvals/${approvalId}`, { token: viewer })).body;
    expect(decided).toMatchObject({ status: 'approved', requiredApprovals: 2 });
    expect((decided.votes as Json[]).map((vote) => vote.by)).toEqual(['alice', 'frank']);
  }, 120_000);

  it('refuses a click on an expired approval, and the message shows it expired', async () => {
    const { approvalId, message } = await requestWithMessage('orders', 'SlackLate');
    // As if its deadline had passed.
    await pastDeadline(posting, approvalId);
    expect(await approveAs('U0ALICE', message, '1733040005.000001')).toMatch(/expired/);
    const updated = await eventually('the message updated as expired', async () =>
      (await callsAbout(approvalId)).find((entry) => entry.method === 'chat.update' && JSON.stringify(entry.blocks).includes('Expired')),
    );
    expect(buttons(updated)).toEqual([]);
    const viewer = await tokenFor(posting, ['viewer']);
    expect((await call('GET', `/v1/approvals/${approvalId}`, { token: viewer })).body.status).toBe('expired');
  }, 120_000);

  it('shows a high-risk approval with Open in console and no Approve', async () => {
    const { approvalId, message } = await requestWithMessage('orders', 'SlackRisky', {
      action: 'rollback_deployment',
      params: { namespace: 'orders', name: 'mailer' },
    });
    expect(buttons(message).map((button) => button.action_id)).toEqual(['open']);
    expect(String(buttons(message)[0]?.url)).toContain(`/approvals/${approvalId}`);
  }, 60_000);
});
