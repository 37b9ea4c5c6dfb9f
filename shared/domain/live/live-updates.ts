/**
 * Live updates: consoles hold a WebSocket per signed-in user, registered per tenant; when a
 * tenant's audit events are appended, each of its connections is told which topics changed
 * (never the data: the console reads it through the API, with the reader's own rights).
 */
import type { AuditEventType } from '../audit/audit-event.ts';

export const LIVE_TOPICS = ['alerts', 'incidents', 'approvals', 'audit'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];

/** A tenant's open connections are bounded: past it, a new one is refused (429). */
export const MAX_LIVE_CONNECTIONS_PER_TENANT = 500;
/** And one user's: a console per tab, a phone; not a script holding hundreds of sockets. */
export const MAX_LIVE_CONNECTIONS_PER_USER = 10;

export interface LiveConnection {
  readonly connectionId: string;
  readonly tenant: string;
  readonly subject: string;
  /** Whether it may hear of the audit log's changes (auditors and admins): viewers are not told when configuration changes or access is denied. */
  readonly auditor: boolean;
  readonly connectedAt: string;
  /** Epoch seconds: when the token it opened with expires; the store forgets it then. */
  readonly expiresAt: number;
}

/** A connection as the announcer and the caps see it; `subject` is absent on one registered before it was kept. */
export type LiveListener = Pick<LiveConnection, 'connectionId' | 'auditor'> & { readonly subject?: string };

/** The topics one listener is told of. */
export function topicsFor(listener: LiveListener, topics: readonly LiveTopic[]): LiveTopic[] {
  return listener.auditor ? [...topics] : topics.filter((topic) => topic !== 'audit');
}

/** The port to the register of open connections. */
export interface LiveConnections {
  add(connection: LiveConnection): Promise<void>;
  remove(connectionId: string): Promise<void>;
  /** The tenant's open connections, at most `limit`. */
  ofTenant(tenant: string, limit: number): Promise<LiveListener[]>;
}

/** The port that sends to one connection: `gone` when it has closed. */
export interface LivePush {
  send(connectionId: string, message: string): Promise<'sent' | 'gone'>;
}

const TOPIC_OF_PREFIX: Readonly<Record<string, LiveTopic>> = {
  alert: 'alerts',
  triage: 'alerts',
  incident: 'incidents',
  approval: 'approvals',
  action: 'approvals',
  workflow: 'approvals',
};

/** The topics a batch of audit events changes; the audit log itself changes with every one. */
export function topicsOf(types: readonly AuditEventType[]): LiveTopic[] {
  if (types.length === 0) return [];
  const topics = new Set<LiveTopic>(['audit']);
  for (const type of types) {
    const topic = TOPIC_OF_PREFIX[type.slice(0, type.indexOf('.'))];
    if (topic !== undefined) topics.add(topic);
  }
  return LIVE_TOPICS.filter((topic) => topics.has(topic));
}
