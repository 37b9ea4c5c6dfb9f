/** The register of live connections, in memory, and a push that records what it sent. */
import type { LiveTicket, LiveTickets } from '../../../shared/domain/live/live-ticket.ts';
import type { LiveConnection, LiveConnections, LiveListener, LivePush } from '../../../shared/domain/live/live-updates.ts';

export class InMemoryLiveConnections implements LiveConnections {
  readonly byId = new Map<string, LiveConnection>();

  async add(connection: LiveConnection): Promise<void> {
    this.byId.set(connection.connectionId, connection);
  }

  async remove(connectionId: string): Promise<void> {
    this.byId.delete(connectionId);
  }

  async ofTenant(tenant: string, limit: number): Promise<LiveListener[]> {
    return [...this.byId.values()]
      .filter((connection) => connection.tenant === tenant)
      .map(({ connectionId, auditor, subject }) => ({ connectionId, auditor, subject }))
      .slice(0, limit);
  }
}

export class RecordingLivePush implements LivePush {
  readonly sent: { connectionId: string; message: string }[] = [];
  readonly #closed: ReadonlySet<string>;

  constructor(closed: ReadonlySet<string> = new Set()) {
    this.#closed = closed;
  }

  async send(connectionId: string, message: string): Promise<'sent' | 'gone'> {
    if (this.#closed.has(connectionId)) return 'gone';
    this.sent.push({ connectionId, message });
    return 'sent';
  }
}

/** Issued live tickets in memory, by hash; redeeming takes one. */
export class InMemoryLiveTickets implements LiveTickets {
  readonly byHash = new Map<string, LiveTicket>();

  async issue(hash: string, ticket: LiveTicket): Promise<void> {
    this.byHash.set(hash, ticket);
  }

  async redeem(hash: string): Promise<LiveTicket | undefined> {
    const ticket = this.byHash.get(hash);
    this.byHash.delete(hash);
    return ticket;
  }
}
