/**
 * Opening a live connection ($connect): the same bearer token as the API (in the `token` query
 * parameter, since browsers cannot set headers on a WebSocket), a reader's role, and room in the
 * tenant's bounded register. The answer's status decides whether API Gateway opens the socket.
 */
import { TooManyRequestsError, UnauthorizedError } from '../../domain/errors.ts';
import type { LiveConnections } from '../../domain/live/live-updates.ts';
import { MAX_LIVE_CONNECTIONS_PER_TENANT } from '../../domain/live/live-updates.ts';
import type { Log } from '../../domain/log.ts';
import { AUDITORS, type JwtVerifier, READERS } from '../../domain/roles.ts';

export interface ConnectLiveDeps {
  readonly verifyJwt: JwtVerifier;
  /** Counts a refused attempt against its address's budget; throws TooManyRequestsError past it. */
  readonly countRefusal?: (sourceIp: string | undefined) => Promise<void>;
  readonly connections: LiveConnections;
  readonly log: Log;
  readonly now?: () => Date;
}

/** A refusal, counted: past its address's budget of refusals a minute, 429 instead. */
async function refused(deps: ConnectLiveDeps, status: 401 | 403, sourceIp: string | undefined): Promise<401 | 403 | 429> {
  try {
    await deps.countRefusal?.(sourceIp);
    return status;
  } catch (error: unknown) {
    if (error instanceof TooManyRequestsError) return 429;
    throw error;
  }
}

export async function connectLive(
  deps: ConnectLiveDeps,
  connectionId: string,
  token: string | undefined,
  sourceIp?: string,
): Promise<200 | 401 | 403 | 429> {
  if (token === undefined || token === '') return refused(deps, 401, sourceIp);
  let principal: Awaited<ReturnType<JwtVerifier>>;
  try {
    principal = await deps.verifyJwt(token);
  } catch (error: unknown) {
    if (error instanceof UnauthorizedError) {
      deps.log.info('live connection refused', { reason: error.message });
      return refused(deps, 401, sourceIp);
    }
    throw error;
  }
  if (!principal.roles.some((role) => READERS.includes(role))) return refused(deps, 403, sourceIp);
  const open = await deps.connections.ofTenant(principal.tenant, MAX_LIVE_CONNECTIONS_PER_TENANT);
  if (open.length >= MAX_LIVE_CONNECTIONS_PER_TENANT) return 429;
  const now = (deps.now ?? (() => new Date()))();
  await deps.connections.add({
    connectionId,
    tenant: principal.tenant,
    subject: principal.subject,
    auditor: principal.roles.some((role) => AUDITORS.includes(role)),
    connectedAt: now.toISOString(),
    expiresAt: principal.expiresAt ?? Math.floor(now.getTime() / 1000) + 3600,
  });
  return 200;
}
