/**
 * npm run bench:slack — how fast the Slack interactivity endpoint answers (Slack waits 3 seconds)
 * against the local stack: signed clicks that are verified and queued, and forged ones that are
 * refused, each sent 200 times one after another.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAlertgate } from '../scripts/local/alertgate-local.ts';
import { mintDevToken } from '../scripts/local/dev-keys.ts';
import { encodeButtonValue } from '../shared/domain/slack/slack-interaction.ts';
import { slackSignature } from '../shared/domain/slack/slack-signature.ts';

const root = join(import.meta.dirname, '..');
// Where the consumer's ephemeral replies to the queued clicks go ("link your account"): accepted, not read.
const replies = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.end('ok'));
});
await new Promise<void>((resolve) => replies.listen(0, '127.0.0.1', resolve));
const repliesAddress = replies.address();
const responseUrl = `http://127.0.0.1:${typeof repliesAddress === 'object' && repliesAddress !== null ? repliesAddress.port : 0}/reply`;
const SECRET = 'bench-slack-signing-secret';
const TEAM = 'T0BENCH';
const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-bench-keys-'));
const alertgate = await startLocalAlertgate({
  root,
  stage: 'benchslack',
  keysDir,
  env: {
    ALERTGATE_SLACK_SIGNING_SECRET: SECRET,
    ALERTGATE_SLACK_BOT_TOKEN: 'xoxb-bench',
    LIMIT_UNAUTHENTICATED_PER_MINUTE: '100000',
    SLACK_RESPONSE_URL_PREFIX: 'http://127.0.0.1:',
  },
});
const token = (roles: string[], subject: string) => mintDevToken(alertgate.keys, { tenant: 'bench', roles: roles as never, subject });
const api = async (method: string, path: string, bearer: string, json?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${alertgate.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
};
const percentile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
const figures = (values: number[]) =>
  `p50 ${percentile(values, 0.5).toFixed(0)} ms, p95 ${percentile(values, 0.95).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;

function click(value: string, userId: string, n: number): string {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM },
    user: { id: userId },
    container: { message_ts: '1733040000.000100', channel_id: 'C0BENCH' },
    response_url: responseUrl,
    actions: [{ action_id: 'approve', value, action_ts: `1733040001.${String(n).padStart(6, '0')}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

async function send(body: string, secret: string): Promise<{ status: number; ms: number }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const started = performance.now();
  const response = await fetch(`${alertgate.baseUrl}/v1/integrations/slack/interactions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(secret, timestamp, body),
    },
    body,
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

try {
  const admin = await token(['admin'], 'bench-admin');
  const current = await api('GET', '/v1/tenants/bench/config', admin);
  const slack = {
    teamId: TEAM,
    signingSecretRef: 'env:ALERTGATE_SLACK_SIGNING_SECRET',
    botTokenRef: 'env:ALERTGATE_SLACK_BOT_TOKEN',
    channels: { default: 'C0BENCH' },
  };
  const put = await api('PUT', '/v1/tenants/bench/config', admin, { slack }, { 'if-match': String(current.headers.get('etag')) });
  if (put.status !== 200) throw new Error(`config PUT answered ${put.status}: ${JSON.stringify(put.body)}`);
  const value = encodeButtonValue({ approvalId: 'none', hash: '0123456789abcdef' });
  const verified: number[] = [];
  const forged: number[] = [];
  for (let n = 0; n < 200; n++) {
    const ok = await send(click(value, 'U0BENCH', n), SECRET);
    if (ok.status !== 200) throw new Error(`a signed click answered ${ok.status}`);
    verified.push(ok.ms);
    const bad = await send(click(value, 'U0BENCH', n), 'forged');
    if (bad.status !== 401) throw new Error(`a forged click answered ${bad.status}`);
    forged.push(bad.ms);
  }
  console.log(`POST /v1/integrations/slack/interactions (Slack waits 3 000 ms), 200 each, one at a time:
  signed, verified and queued   ${figures(verified)}
  forged, refused (401)         ${figures(forged)}`);
} finally {
  await alertgate.stop();
  replies.close();
  rmSync(keysDir, { recursive: true, force: true });
}
