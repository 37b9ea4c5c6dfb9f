/** POST /v1/live/tickets: a single-use ticket for the caller to open its live connection with. */
import { type LiveTickets, newTicket, TICKET_TTL_SECONDS, ticketHash } from '../../domain/live/live-ticket.ts';
import { AUDITORS, type Principal } from '../../domain/roles.ts';

/** A session without an expiry (an integration key has none, and may not ask) gets an hour. */
const DEFAULT_SESSION_SECONDS = 3600;

export async function issueLiveTicket(
  deps: { readonly tickets: LiveTickets; readonly now?: () => Date },
  principal: Principal,
): Promise<{ readonly ticket: string; readonly expiresAt: string }> {
  const now = Math.floor((deps.now ?? (() => new Date()))().getTime() / 1000);
  const ticket = newTicket();
  const expiresAt = now + TICKET_TTL_SECONDS;
  await deps.tickets.issue(ticketHash(ticket), {
    tenant: principal.tenant,
    subject: principal.subject,
    auditor: principal.roles.some((role) => AUDITORS.includes(role)),
    sessionExpiresAt: principal.expiresAt ?? now + DEFAULT_SESSION_SECONDS,
    expiresAt,
  });
  return { ticket, expiresAt: new Date(expiresAt * 1000).toISOString() };
}
