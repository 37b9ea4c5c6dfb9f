/**
 * A live ticket: what a console presents to open its WebSocket, in place of its bearer token.
 * Browsers cannot set headers on a WebSocket, and a token in a URL ends up in access logs and
 * proxies; a ticket there is worth little: it is random, single-use, and lives seconds. It is
 * issued to a signed-in reader over the API and carries who they are to $connect.
 */
export { codeHash as ticketHash, newCode as newTicket } from '../single-use-code.ts';

/** How long a ticket may wait to be used: a console asks for one just before it connects. */
export const TICKET_TTL_SECONDS = 30;

export interface LiveTicket {
  readonly tenant: string;
  readonly subject: string;
  /** Whether it may hear of the audit log's changes (auditors and admins). */
  readonly auditor: boolean;
  /** Epoch seconds: when the token it was issued for expires; the connection ends then. */
  readonly sessionExpiresAt: number;
  /** Epoch seconds: when the ticket itself can no longer be used. */
  readonly expiresAt: number;
}

/** The port to issued tickets, kept by hash only: a leaked table holds no usable ticket. */
export interface LiveTickets {
  issue(hash: string, ticket: LiveTicket): Promise<void>;
  /** Takes the ticket: the first redeemer gets it, a second gets undefined. */
  redeem(hash: string): Promise<LiveTicket | undefined>;
}
