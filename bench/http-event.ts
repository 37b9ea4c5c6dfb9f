import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A complete API Gateway HTTP API (payload 2.0) event, as Lambda receives it. */
export function httpApiEvent(options: {
  method: string;
  routeKey: string;
  path: string;
  pathParameters?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  requestId: string;
}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: options.path,
    rawQueryString: '',
    headers: options.headers,
    pathParameters: options.pathParameters,
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'bench',
      http: { method: options.method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: options.requestId,
      routeKey: options.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}
