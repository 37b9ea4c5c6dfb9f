import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header } from './json-body.ts';

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

const assigned = new WeakMap<APIGatewayProxyEventV2, string>();

/**
 * The caller's X-Correlation-Id when it is sane, else the API Gateway request id, else a new
 * UUID (serverless-offline gives every request the same placeholder id). Stable per event.
 */
export function correlationIdOf(event: APIGatewayProxyEventV2): string {
  const given = header(event, 'x-correlation-id');
  if (given !== undefined && SAFE.test(given)) return given;
  const requestId = event.requestContext?.requestId;
  if (requestId !== undefined && !requestId.startsWith('offlineContext')) return requestId;
  let id = assigned.get(event);
  if (id === undefined) {
    id = randomUUID();
    assigned.set(event, id);
  }
  return id;
}
