/**
 * Opening a live connection ($connect): a ticket from POST /v1/live/tickets in the `ticket` query
 * parameter (browsers cannot set headers on a WebSocket, and a bearer token does not belong in a
 * URL), redeemed once, and room in the tenant's and the user's bounded share of the register.
 * The answer's status decides whether API Gateway opens the socket.
 */
import { TooManyRequestsError } from '../../domain/errors.ts';
import { type LiveTickets, ticketHash } from '../../domain/live/live-ticket.ts';
import type { LiveConnections } from '../../domain/live/live-updates.ts';
import { MAX_LIVE_CONNECTIONS_PER_TENANT, MAX_LIVE_CONNECTIONS_PER_USER } from '../../domain/live/live-updates.ts';
import type { Log } from '../../domain/log.ts';
import type { Denial } from '../auth/record-denial.ts';

export interface ConnectLiveDeps {
  readonly tickets: LiveTickets;
  /** Counts a refused attempt against its address's budget; throws TooManyRequestsError past it. */
  readonly countRefusal?: (sourceIp: string | undefined) => Promise<void>;
  /** Records a known user's refusal in its tenant's audit log (`auth.denied`, aggregated). */
  readonly recordDenial?: (denial: Denial) => Promise<void>;
  readonly connections: LiveConnections;
  readonly log: Log;
  readonly now?: () => Date;
}

export interface ConnectRequest {
  readonly connectionId: string;
  readonly ticket: string | undefined;
  readonly sourceIp?: string;
  readonly correlationId: string;
}

/** A refusal of an unknown caller, counted: past its address's budget of refusals a minute, 429 instead. */
async function refused(deps: ConnectLiveDeps, sourceIp: string | undefined): Promise<401 | 429> {
  try {
    await deps.countRefusal?.(sourceIp);
    return 401;
  } catch (error: unknown) {
    if (error instanceof TooManyRequestsError) return 429;
    throw error;
  }
}

const ROUTE = 'WEBSOCKET $connect';

export async function connectLive(deps: ConnectLiveDeps, request: ConnectRequest): Promise<200 | 401 | 429> {
  const { connectionId, ticket: presented, sourceIp, correlationId } = request;
  if (presented === undefined || presented === '') return refused(deps, sourceIp);
  const ticket = await deps.tickets.redeem(ticketHash(presented));
  const now = (deps.now ?? (() => new Date()))();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (ticket === undefined || ticket.expiresAt < nowSeconds || ticket.sessionExpiresAt <= nowSeconds) {
    deps.log.info('live connection refused', { reason: ticket === undefined ? 'unknown or used ticket' : 'expired ticket' });
    return refused(deps, sourceIp);
  }
  const open = await deps.connections.ofTenant(ticket.tenant, MAX_LIVE_CONNECTIONS_PER_TENANT);
  const mine = open.filter((listener) => listener.subject === ticket.subject).length;
  if (open.length >= MAX_LIVE_CONNECTIONS_PER_TENANT || mine >= MAX_LIVE_CONNECTIONS_PER_USER) {
    const reason =
      mine >= MAX_LIVE_CONNECTIONS_PER_USER
        ? `${mine} live connections open for this user (at most ${MAX_LIVE_CONNECTIONS_PER_USER})`
        : `${open.length} live connections open for the tenant (at most ${MAX_LIVE_CONNECTIONS_PER_TENANT})`;
    await deps.recordDenial?.({ who: ticket, route: ROUTE, sourceIp, correlationId, reason });
    return 429;
  }
  await deps.connections.add({
    connectionId,
    tenant: ticket.tenant,
    subject: ticket.subject,
    auditor: ticket.auditor,
    connectedAt: now.toISOString(),
    expiresAt: ticket.sessionExpiresAt,
  });
  return 200;
}
