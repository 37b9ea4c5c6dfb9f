/**
 * Live connections open with a single-use ticket issued to a reader over the API, within the
 * tenant's and the user's bounds; changes reach the tenant's consoles only.
 */
import { describe, expect, it, vi } from 'vitest';
import { announcer } from '../../../../shared/app/live/announce-changes.ts';
import { connectLive } from '../../../../shared/app/live/connect-live.ts';
import { issueLiveTicket } from '../../../../shared/app/live/issue-live-ticket.ts';
import { TooManyRequestsError } from '../../../../shared/domain/errors.ts';
import { TICKET_TTL_SECONDS } from '../../../../shared/domain/live/live-ticket.ts';
import { MAX_LIVE_CONNECTIONS_PER_TENANT, MAX_LIVE_CONNECTIONS_PER_USER, topicsOf } from '../../../../shared/domain/live/live-updates.ts';
import type { Principal, Role } from '../../../../shared/domain/roles.ts';
import { InMemoryLiveConnections, InMemoryLiveTickets, RecordingLivePush } from '../../../support/in-memory/live-connections.ts';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const NOW = new Date('2026-12-01T03:00:00Z');
const SESSION_END = Math.floor(NOW.getTime() / 1000) + 900;

function principal(roles: Role[], subject = 'alice'): Principal {
  return { subject, tenant: 'acme', roles, via: 'jwt', expiresAt: SESSION_END };
}

function wiring(now = NOW) {
  const connections = new InMemoryLiveConnections();
  const tickets = new InMemoryLiveTickets();
  const recordDenial = vi.fn(async () => {});
  return { connections, tickets, recordDenial, deps: { tickets, connections, recordDenial, log: silent, now: () => now } };
}

async function ticketFor(tickets: InMemoryLiveTickets, who: Principal): Promise<string> {
  return (await issueLiveTicket({ tickets, now: () => NOW }, who)).ticket;
}

const connect = (connectionId: string, ticket: string | undefined, sourceIp?: string) => ({
  connectionId,
  ticket,
  correlationId: 'c',
  ...(sourceIp === undefined ? {} : { sourceIp }),
});

describe('topicsOf', () => {
  it('names each topic a batch of audit events changes, the audit log with any', () => {
    expect(topicsOf(['alert.received', 'triage.decided'])).toEqual(['alerts', 'audit']);
    expect(topicsOf(['incident.opened', 'approval.requested', 'action.executed'])).toEqual(['incidents', 'approvals', 'audit']);
    expect(topicsOf(['config.changed'])).toEqual(['audit']);
    expect(topicsOf([])).toEqual([]);
  });
});

describe('connectLive', () => {
  it('registers the reader a ticket was issued to, until its session ends, and keeps only the hash', async () => {
    const { connections, tickets, deps } = wiring();
    const issued = await issueLiveTicket({ tickets, now: () => NOW }, principal(['auditor']));
    expect(issued.expiresAt).toBe(new Date(NOW.getTime() + TICKET_TTL_SECONDS * 1000).toISOString());
    expect(tickets.byHash.has(issued.ticket)).toBe(false);
    expect([...tickets.byHash.keys()][0]).toMatch(/^[0-9a-f]{64}$/);
    expect(await connectLive(deps, connect('c1', issued.ticket))).toBe(200);
    expect(connections.byId.get('c1')).toEqual({
      connectionId: 'c1',
      tenant: 'acme',
      subject: 'alice',
      auditor: true,
      connectedAt: NOW.toISOString(),
      expiresAt: SESSION_END,
    });
  });

  it('takes a ticket once: the second connection with it is refused', async () => {
    const { tickets, deps } = wiring();
    const ticket = await ticketFor(tickets, principal(['viewer']));
    expect(await connectLive(deps, connect('c1', ticket))).toBe(200);
    expect(await connectLive(deps, connect('c2', ticket))).toBe(401);
  });

  it('refuses no ticket, an unknown one, and one past its 30 seconds', async () => {
    const { tickets, deps } = wiring();
    expect(await connectLive(deps, connect('c1', undefined))).toBe(401);
    expect(await connectLive(deps, connect('c1', 'forged'))).toBe(401);
    const ticket = await ticketFor(tickets, principal(['viewer']));
    const late = wiring(new Date(NOW.getTime() + (TICKET_TTL_SECONDS + 1) * 1000));
    expect(await connectLive({ ...late.deps, tickets }, connect('c1', ticket))).toBe(401);
    expect(late.connections.byId.size).toBe(0);
  });

  it("counts refusals against the address's budget, and answers 429 past it", async () => {
    const counted: (string | undefined)[] = [];
    const { tickets, deps } = wiring();
    const countRefusal = async (sourceIp: string | undefined) => {
      counted.push(sourceIp);
      if (counted.length > 2) throw new TooManyRequestsError('Over 2 unauthenticated requests per minute', 30);
    };
    const limited = { ...deps, countRefusal };
    expect(await connectLive(limited, connect('c1', 'forged', '203.0.113.7'))).toBe(401);
    expect(await connectLive(limited, connect('c2', undefined, '203.0.113.7'))).toBe(401);
    expect(await connectLive(limited, connect('c3', 'forged', '203.0.113.7'))).toBe(429);
    expect(await connectLive(limited, connect('c4', await ticketFor(tickets, principal(['viewer'])), '203.0.113.7'))).toBe(200);
    expect(counted).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
  });

  it('keeps a tenant to its bounded number of connections', async () => {
    const { connections, tickets, deps } = wiring();
    for (let n = 0; n < MAX_LIVE_CONNECTIONS_PER_TENANT; n += 1) {
      await connections.add({
        connectionId: `old-${n}`,
        tenant: 'acme',
        subject: `user-${n}`,
        auditor: false,
        connectedAt: NOW.toISOString(),
        expiresAt: 1,
      });
    }
    expect(await connectLive(deps, connect('one-too-many', await ticketFor(tickets, principal(['viewer']))))).toBe(429);
    expect(connections.byId.has('one-too-many')).toBe(false);
  });

  it("keeps one user to ten connections, and audits the refusal in the user's tenant", async () => {
    const { connections, tickets, recordDenial, deps } = wiring();
    for (let n = 0; n < MAX_LIVE_CONNECTIONS_PER_USER; n += 1) {
      expect(await connectLive(deps, connect(`mine-${n}`, await ticketFor(tickets, principal(['viewer']))))).toBe(200);
    }
    expect(await connectLive(deps, connect('eleventh', await ticketFor(tickets, principal(['viewer']))))).toBe(429);
    expect(recordDenial).toHaveBeenCalledWith(
      expect.objectContaining({
        who: expect.objectContaining({ tenant: 'acme', subject: 'alice' }),
        route: 'WEBSOCKET $connect',
        reason: expect.stringContaining('at most 10'),
      }),
    );
    // Another user of the tenant still gets in.
    expect(await connectLive(deps, connect('bobs', await ticketFor(tickets, principal(['viewer'], 'bob'))))).toBe(200);
    expect(connections.byId.size).toBe(MAX_LIVE_CONNECTIONS_PER_USER + 1);
  });
});

describe('announcer', () => {
  it('tells only auditors and admins of changes to the audit log', async () => {
    const connections = new InMemoryLiveConnections();
    const at = NOW.toISOString();
    await connections.add({ connectionId: 'viewer', tenant: 'acme', subject: 'bob', auditor: false, connectedAt: at, expiresAt: 1 });
    await connections.add({ connectionId: 'auditor', tenant: 'acme', subject: 'carol', auditor: true, connectedAt: at, expiresAt: 1 });
    const push = new RecordingLivePush();
    await announcer({ connections, push })('acme', ['config.changed']);
    expect(push.sent).toEqual([{ connectionId: 'auditor', message: '{"topics":["audit"]}' }]);
  });

  it("tells each of the tenant's connections once, no other tenant's, and forgets the closed ones", async () => {
    const connections = new InMemoryLiveConnections();
    const at = NOW.toISOString();
    await connections.add({ connectionId: 'a1', tenant: 'acme', subject: 'alice', auditor: true, connectedAt: at, expiresAt: 1 });
    await connections.add({ connectionId: 'a2', tenant: 'acme', subject: 'bob', auditor: false, connectedAt: at, expiresAt: 1 });
    await connections.add({ connectionId: 'b1', tenant: 'globex', subject: 'carol', auditor: true, connectedAt: at, expiresAt: 1 });
    const push = new RecordingLivePush(new Set(['a2']));
    const announce = announcer({ connections, push });
    expect(await announce('acme', ['approval.voted', 'approval.approved'])).toEqual({ sent: 1, gone: 1 });
    expect(push.sent).toEqual([{ connectionId: 'a1', message: '{"topics":["approvals","audit"]}' }]);
    expect([...connections.byId.keys()].sort()).toEqual(['a1', 'b1']);
  });
});
