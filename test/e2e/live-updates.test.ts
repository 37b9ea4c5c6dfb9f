/**
 * Live updates over serverless offline's WebSocket API: a console asks the API for a single-use
 * ticket and opens its socket with it (no token in the URL); it hears which topics changed when
 * its tenant's alerts arrive, and nothing of another tenant's. A socket without a valid, fresh,
 * unused ticket is refused before it opens, and so is a user's eleventh.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MAX_LIVE_CONNECTIONS_PER_USER } from '../../shared/domain/live/live-updates.ts';
import { call, tokenFor } from '../helpers/api.ts';
import { eventually } from '../support/eventually.ts';

const run = Date.now().toString(36);
const sockets: WebSocket[] = [];

interface Listening {
  readonly socket: WebSocket;
  readonly messages: unknown[];
  readonly opened: Promise<boolean>;
}

function listen(ticket: string | undefined): Listening {
  const url = `${inject('alertgate').liveUrl}${ticket === undefined ? '' : `?ticket=${encodeURIComponent(ticket)}`}`;
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

async function ticketOf(token: string): Promise<string> {
  const issued = await call('POST', '/v1/live/tickets', { token });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  return String(issued.body.ticket);
}

async function listenAs(tenant: string, roles: Parameters<typeof tokenFor>[1], subject?: string): Promise<Listening> {
  return listen(await ticketOf(await tokenFor(tenant, roles, subject)));
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
    const viewer = await listenAs(`live-${run}`, ['viewer']);
    const auditor = await listenAs(`live-${run}`, ['auditor']);
    const theirs = await listenAs(`other-${run}`, ['viewer']);
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

  it('refuses a socket without a ticket, with a forged one, or with a ticket used already, before it opens', async () => {
    expect(await listen(undefined).opened).toBe(false);
    expect(await listen('forged-ticket').opened).toBe(false);
    // A bearer token is no ticket: tokens stay out of URLs.
    expect(await listen(await tokenFor(`live-${run}`, ['viewer'])).opened).toBe(false);
    const ticket = await ticketOf(await tokenFor(`live-${run}`, ['viewer']));
    expect(await listen(ticket).opened).toBe(true);
    expect(await listen(ticket).opened).toBe(false);
  });

  it('gives no ticket to a sender, and keeps one user to ten sockets', async () => {
    const sender = await call('POST', '/v1/live/tickets', { token: await tokenFor(`live-${run}`, ['ingest']) });
    expect(sender.status).toBe(403);
    const tenant = `live-cap-${run}`;
    const mine: Listening[] = [];
    for (let n = 0; n < MAX_LIVE_CONNECTIONS_PER_USER; n += 1) mine.push(await listenAs(tenant, ['viewer'], 'bob'));
    expect(await Promise.all(mine.map((listening) => listening.opened))).toEqual(mine.map(() => true));
    expect(await (await listenAs(tenant, ['viewer'], 'bob')).opened).toBe(false);
    // Another user of the tenant still gets in.
    expect(await (await listenAs(tenant, ['viewer'], 'carol')).opened).toBe(true);
    const auditor = await tokenFor(tenant, ['auditor']);
    const denied = await eventually('the refusal audited', async () => {
      const listed = await call('GET', '/v1/audit?type=auth.denied', { token: auditor });
      return (listed.body.items as { actor: string; data: { route: string; reason: string } }[]).find((entry) => entry.actor === 'bob');
    });
    expect(denied.data).toMatchObject({ route: 'WEBSOCKET $connect', reason: expect.stringContaining('at most 10') });
  });
});
