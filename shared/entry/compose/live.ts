/** Live updates: the WebSocket API's $connect and $disconnect, and the announcer the audit writer uses. */
import { createLiveClient } from '../../adapters/aws-clients.ts';
import { DynamoLiveConnections } from '../../adapters/dynamodb/dynamo-live-connections.ts';
import { DynamoLiveTickets } from '../../adapters/dynamodb/dynamo-live-tickets.ts';
import { DynamoRateLimiter } from '../../adapters/dynamodb/dynamo-rate-limiter.ts';
import { ApiGatewayLivePush } from '../../adapters/live/api-gateway-live-push.ts';
import { logger } from '../../adapters/observability.ts';
import { limitUnauthenticated } from '../../app/auth/enforce-rate-limit.ts';
import { recordDenial } from '../../app/auth/record-denial.ts';
import { type Announce, announcer } from '../../app/live/announce-changes.ts';
import type { ConnectLiveDeps } from '../../app/live/connect-live.ts';
import { readConfig } from '../config/config.ts';
import { dynamodb } from './aws.ts';
import { api, auditLog, LIMIT_VARIABLES, operatorLimits } from './parts.ts';

/** POST /v1/live/tickets: the tickets table. */
export function liveTicketsApi() {
  const { config, http } = api(['LIVE_TICKETS_TABLE']);
  return { http, tickets: new DynamoLiveTickets(dynamodb(), config.LIVE_TICKETS_TABLE) };
}

/** $connect: the tickets, the register, and the refusals' budget and audit. */
export function liveConnect(): ConnectLiveDeps {
  const config = readConfig([
    'LIVE_TICKETS_TABLE',
    'LIVE_CONNECTIONS_TABLE',
    'PROVIDER_STATE_TABLE',
    'AUDIT_QUEUE_NAME',
    ...LIMIT_VARIABLES,
  ]);
  const limiter = new DynamoRateLimiter(dynamodb(), config.PROVIDER_STATE_TABLE);
  // The HTTP API's budget of unauthenticated requests per address: a flood of bad sockets costs the same.
  const limits = operatorLimits(config);
  const audit = auditLog(config);
  return {
    tickets: new DynamoLiveTickets(dynamodb(), config.LIVE_TICKETS_TABLE),
    countRefusal: (sourceIp) => limitUnauthenticated({ limiter, limits }, sourceIp),
    recordDenial: (denial) => recordDenial({ limiter, audit }, denial),
    connections: new DynamoLiveConnections(dynamodb(), config.LIVE_CONNECTIONS_TABLE),
    log: logger,
  };
}

/** $disconnect: the register alone. */
export function liveDisconnect() {
  const config = readConfig(['LIVE_CONNECTIONS_TABLE']);
  return { connections: new DynamoLiveConnections(dynamodb(), config.LIVE_CONNECTIONS_TABLE) };
}

/** What tells a tenant's consoles of its changes; none when the deployment has no live-updates API. */
export function liveAnnouncer(): Announce | undefined {
  const config = readConfig(['LIVE_CONNECTIONS_TABLE', 'LIVE_API_ENDPOINT']);
  if (config.LIVE_API_ENDPOINT === undefined) return undefined;
  return announcer({
    connections: new DynamoLiveConnections(dynamodb(), config.LIVE_CONNECTIONS_TABLE),
    push: new ApiGatewayLivePush(createLiveClient(config.LIVE_API_ENDPOINT)),
  });
}
