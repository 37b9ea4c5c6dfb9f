/**
 * Tells a tenant's open consoles which topics changed, once per audit batch; forgets the
 * connections that have closed. Best effort: a console that misses a message still polls.
 */
import type { AuditEventType } from '../../domain/audit/audit-event.ts';
import type { LiveConnections, LivePush } from '../../domain/live/live-updates.ts';
import { MAX_LIVE_CONNECTIONS_PER_TENANT, topicsFor, topicsOf } from '../../domain/live/live-updates.ts';

export interface AnnounceDeps {
  readonly connections: LiveConnections;
  readonly push: LivePush;
}

export type Announce = (tenant: string, types: readonly AuditEventType[]) => Promise<{ sent: number; gone: number }>;

export function announcer(deps: AnnounceDeps): Announce {
  return async (tenant, types) => {
    const topics = topicsOf(types);
    if (topics.length === 0) return { sent: 0, gone: 0 };
    const listeners = await deps.connections.ofTenant(tenant, MAX_LIVE_CONNECTIONS_PER_TENANT);
    const results = await Promise.all(
      listeners.map(async (listener) => {
        const told = topicsFor(listener, topics);
        if (told.length === 0) return 'skipped';
        const result = await deps.push.send(listener.connectionId, JSON.stringify({ topics: told }));
        if (result === 'gone') await deps.connections.remove(listener.connectionId);
        return result;
      }),
    );
    return { sent: results.filter((result) => result === 'sent').length, gone: results.filter((result) => result === 'gone').length };
  };
}
