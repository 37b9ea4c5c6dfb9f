import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { liveDisconnect } from '../../shared/entry/compose/live.ts';
import { observed } from '../../shared/entry/lambda/observed.ts';

const { connections } = liveDisconnect();

/** $disconnect: the console closed, or API Gateway dropped it; forget the connection. */
export const handler = observed<APIGatewayProxyWebsocketEventV2, { statusCode: number }>().handler(async (event) => {
  await connections.remove(event.requestContext.connectionId);
  return { statusCode: 200 };
});
