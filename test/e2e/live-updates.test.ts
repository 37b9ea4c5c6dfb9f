/**
 * Live updates over serverless offline's WebSocket API: a console's socket opens with the API's
 * token, hears which topics changed when its tenant's alerts arrive, and nothing of another
 * tenant's; a socket without a valid token is refused before it opens.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { eventually } from '../support/eventually.ts';

const run = Date.now().toString(36);
const sockets: WebSocket[] = [];

interface Listening {
  readonly socket: WebSocket;
  readonly messages: unknown[];
  readonly opened: Promise<boolean>;
}

function listen(token: string | undefined): Listening {
  const url = `${inject('alertgate').liveUrl}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
  const socket = new WebSocket(url);
  sockets.push(socket);
  const messages: unknown[] = [];
  socket.addEventListener('message', (event) => messages.push(JSON.parse(String(event.data))));
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => resolve(true));
    socket.addEventListener('close', () => resolve(false));
  });
  return { socket, messages, opened };
}

async function sendAlert(tenant: string, name: string) {
  const token = await tokenFor(tenant, ['ingest'], 'alertmanager-prod');
  const posted = await call('POST', '/v1/webhooks/generic', { token, json: { name, severity: 'warning', labels: { service: name } } });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

describe('live updates', () => {
  it("tells a tenant's consoles which topics changed, the audit log to auditors only, and nothing of another tenant's", async () => {
    const viewer = listen(await tokenFor(`live-${run}`, ['viewer']));
    const auditor = listen(await tokenFor(`live-${run}`, ['auditor']));
    const theirs = listen(await tokenFor(`other-${run}`, ['viewer']));
    expect(await Promise.all([viewer.opened, auditor.opened, theirs.opened])).toEqual([true, true, true]);
    await sendAlert(`live-${run}`, `LiveUpdate${run}`);
    const heard = (listening: Listening) => listening.messages.flatMap((message) => (message as { topics: string[] }).topics);
    await eventually('the alert announced', async () =>
      heard(viewer).includes('alerts') && heard(auditor).includes('audit') ? true : undefined,
    );
    expect(heard(viewer)).not.toContain('audit');
    expect(heard(auditor)).toContain('alerts');
    expect(theirs.messages).toEqual([]);
  });

  it('refuses a socket without a token or with a forged one, before it opens', async () => {
    expect(await listen(undefined).opened).toBe(false);
    expect(await listen('eyJhbGciOiJFUzI1NiJ9.e30.forged').opened).toBe(false);
    // A sender's token reads nothing, so it may not listen either.
    expect(await listen(await tokenFor(`live-${run}`, ['ingest'])).opened).toBe(false);
  });
});
