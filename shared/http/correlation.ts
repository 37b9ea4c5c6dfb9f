import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header } from './json-body.ts';

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Correlation-Id when it is sane, else the API Gateway request id. */
export function correlationIdOf(event: APIGatewayProxyEventV2): string {
  const given = header(event, 'x-correlation-id');
  if (given !== undefined && SAFE.test(given)) return given;
  return event.requestContext?.requestId ?? 'unknown';
}
