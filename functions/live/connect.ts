import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { connectLive } from '../../shared/app/live/connect-live.ts';
import { liveConnect } from '../../shared/entry/compose/live.ts';
import { observed } from '../../shared/entry/lambda/observed.ts';

const deps = liveConnect();

type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  readonly queryStringParameters?: Record<string, string | undefined>;
  readonly requestContext: { readonly identity?: { readonly sourceIp?: string } };
};

/** $connect of the live-updates WebSocket API: a 2xx opens the socket, anything else refuses it. */
export const handler = observed<ConnectEvent, { statusCode: number }>().handler(async (event) => ({
  statusCode: await connectLive(deps, {
    connectionId: event.requestContext.connectionId,
    ticket: event.queryStringParameters?.ticket,
    ...(event.requestContext.identity?.sourceIp === undefined ? {} : { sourceIp: event.requestContext.identity.sourceIp }),
    correlationId: event.requestContext.requestId,
  }),
}));
