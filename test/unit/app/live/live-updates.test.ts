/** Live connections open with the API's token and a reader's role; changes reach the tenant's consoles only. */
import { describe, expect, it } from 'vitest';
import { announcer } from '../../../../shared/app/live/announce-changes.ts';
import { connectLive } from '../../../../shared/app/live/connect-live.ts';
import { TooManyRequestsError, UnauthorizedError } from '../../../../shared/domain/errors.ts';
import { MAX_LIVE_CONNECTIONS_PER_TENANT, topicsOf } from '../../../../shared/domain/live/live-updates.ts';
import type { Principal, Role } from '../../../../shared/domain/roles.ts';
import { InMemoryLiveConnections, RecordingLivePush } from '../../../support/in-memory/live-connections.ts';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const NOW = new Date('2026-12-01T03:00:00Z');

function deps(roles: Role[], tenant = 'acme') {
  const connections = new InMemoryLiveConnections();
  const verifyJwt = async (token: string): Promise<Principal> => {
    if (token !== 'good') throw new UnauthorizedError('the token signature does not verify', 'invalid');
    return { subject: 'alice', tenant, roles, via: 'jwt', expiresAt: 1_796_180_000 };
  };
  return { connections, deps: { verifyJwt, connections, log: silent, now: () => NOW } };
}

describe('topicsOf', () => {
  it('names each topic a batch of audit events changes, the audit log with any', () => {
    expect(topicsOf(['alert.received', 'triage.decided'])).toEqual(['alerts', 'audit']);
    expect(topicsOf(['incident.opened', 'approval.requested', 'action.executed'])).toEqual(['incidents', 'approvals', 'audit']);
    expect(topicsOf(['config.changed'])).toEqual(['audit']);
    expect(topicsOf([])).toEqual([]);
  });
});

describe('connectLive', () => {
  it('registers a reader with the expiry of its token', async () => {
    const { connections, deps: wiring } = deps(['viewer']);
    expect(await connectLive(wiring, 'c1', 'good')).toBe(200);
    expect(connections.byId.get('c1')).toEqual({
      connectionId: 'c1',
      tenant: 'acme',
      subject: 'alice',
      auditor: false,
      connectedAt: NOW.toISOString(),
      expiresAt: 1_796_180_000,
    });
  });

  it('refuses no token, a bad token, and a principal that may not read', async () => {
    expect(await connectLive(deps(['viewer']).deps, 'c1', undefined)).toBe(401);
    expect(await connectLive(deps(['viewer']).deps, 'c1', 'forged')).toBe(401);
    const sender = deps(['ingest']);
    expect(await connectLive(sender.deps, 'c1', 'good')).toBe(403);
    expect(sender.connections.byId.size).toBe(0);
  });

  it("counts refusals against the address's budget, and answers 429 past it", async () => {
    const counted: (string | undefined)[] = [];
    const { deps: wiring } = deps(['viewer']);
    const countRefusal = async (sourceIp: string | undefined) => {
      counted.push(sourceIp);
      if (counted.length > 2) throw new TooManyRequestsError('Over 2 unauthenticated requests per minute', 30);
    };
    const limited = { ...wiring, countRefusal };
    expect(await connectLive(limited, 'c1', 'forged', '203.0.113.7')).toBe(401);
    expect(await connectLive(limited, 'c2', undefined, '203.0.113.7')).toBe(401);
    expect(await connectLive(limited, 'c3', 'forged', '203.0.113.7')).toBe(429);
    expect(await connectLive(limited, 'c4', 'good', '203.0.113.7')).toBe(200);
    expect(counted).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
  });

  it('keeps a tenant to its bounded number of connections', async () => {
    const { connections, deps: wiring } = deps(['viewer']);
    for (let n = 0; n < MAX_LIVE_CONNECTIONS_PER_TENANT; n += 1) {
      await connections.add({
        connectionId: `old-${n}`,
        tenant: 'acme',
        subject: 'bob',
        auditor: false,
        connectedAt: NOW.toISOString(),
        expiresAt: 1,
      });
    }
    expect(await connectLive(wiring, 'one-too-many', 'good')).toBe(429);
    expect(connections.byId.has('one-too-many')).toBe(false);
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
