/** The HTTP kit, driven with API Gateway events: auth, roles, denials audited, rate, validation. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Denial } from '../../../../shared/app/auth/record-denial.ts';
import { TooManyRequestsError, UnauthorizedError } from '../../../../shared/domain/errors.ts';
import type { Principal, Role } from '../../../../shared/domain/roles.ts';
import type { IntegrationKeyStore } from '../../../../shared/domain/tenants/integration-key-store.ts';
import { route } from '../../../../shared/entry/api/route.ts';
import { httpRoute, type RouteWiring } from '../../../../shared/entry/http/http-route.ts';

const adminOnly = route({
  operationId: 'test',
  method: 'POST',
  path: '/v1/things/{id}',
  tag: 'test',
  summary: 'a test route',
  roles: ['admin'],
  params: z.object({ id: z.string().min(1) }),
  query: z.object({ limit: z.coerce.number().int().max(10).default(5) }),
  body: { schema: z.strictObject({ name: z.string().min(1) }), required: true, what: 'thing' },
  responses: { 200: { description: 'ok' } },
  problems: [400, 401, 403, 422, 429, 503],
});

/** A tenant with no integration keys. */
const NO_KEYS: IntegrationKeyStore = {
  find: async () => undefined,
  create: async () => {},
  revoke: async () => {},
  list: async () => ({ items: [] }),
  touch: async () => {},
};

function wiring(roles: Role[], overrides: Partial<RouteWiring> = {}) {
  const denials: Denial[] = [];
  const counted: string[] = [];
  const http: RouteWiring = {
    authenticator: {
      verifyJwt: async (): Promise<Principal> => ({ subject: 'sam', tenant: 'acme', roles, via: 'jwt' }),
      integrationKeys: NO_KEYS,
    },
    recordDenial: async (denial) => {
      denials.push(denial);
    },
    limitRate: async (principal, routeClass) => {
      counted.push(`${principal.subject}:${routeClass}`);
    },
    ...overrides,
  };
  return { http, denials, counted };
}

function event(body: string, query: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    rawPath: '/v1/things/t1',
    headers: { authorization: 'Bearer token', 'content-type': 'application/json' },
    pathParameters: { id: 't1' },
    queryStringParameters: query,
    body,
    isBase64Encoded: false,
    requestContext: { http: { sourceIp: '203.0.113.7' } },
  } as unknown as APIGatewayProxyEventV2;
}

const context = { functionName: 'test', awsRequestId: 'r1', getRemainingTimeInMillis: () => 10_000 } as Context;

async function invoke(http: RouteWiring, request: APIGatewayProxyEventV2) {
  const seen: unknown[] = [];
  const handler = httpRoute(adminOnly, http).handle(async (input) => {
    seen.push({ params: input.params, query: input.query, body: input.body });
    return { status: 200, body: { ok: true } };
  });
  const result = (await handler(request, context)) as APIGatewayProxyStructuredResultV2;
  return { result, seen, problem: typeof result.body === 'string' && result.body !== '' ? JSON.parse(result.body) : undefined };
}

describe('an HTTP route built from its declaration', () => {
  it('hands the use case validated, typed input, after counting the request against the tenant rate', async () => {
    const { http, counted } = wiring(['admin']);
    const { result, seen } = await invoke(http, event('{"name":"x"}', { limit: '7' }));
    expect(result.statusCode).toBe(200);
    expect(seen).toEqual([{ params: { id: 't1' }, query: { limit: 7 }, body: { name: 'x' } }]);
    expect(counted).toEqual(['sam:api']);
  });

  it('answers 403 to a missing role, counted against the rate, and records the refusal for the audit log', async () => {
    const { http, denials, counted } = wiring(['viewer']);
    const { result, seen, problem } = await invoke(http, event('{"name":"x"}'));
    expect(result.statusCode).toBe(403);
    expect(problem.detail).toMatch(/needs one of the roles: admin/);
    expect(denials).toMatchObject([{ who: { tenant: 'acme', subject: 'sam' }, route: 'POST /v1/things/{id}', sourceIp: '203.0.113.7' }]);
    expect(seen).toEqual([]);
    expect(counted).toEqual(['sam:api']);
  });

  it('counts a request that fails authentication against its source address', async () => {
    const addresses: (string | undefined)[] = [];
    const { http } = wiring(['admin'], {
      authenticator: {
        verifyJwt: async () => {
          throw new UnauthorizedError('the token has expired', 'invalid');
        },
        integrationKeys: NO_KEYS,
      },
      limitUnauthenticated: async (sourceIp) => {
        addresses.push(sourceIp);
        throw new TooManyRequestsError('Over 120 unauthenticated requests per minute from your address; retry after 7 s', 7);
      },
    });
    const { result } = await invoke(http, event('{"name":"x"}'));
    expect(result.statusCode).toBe(429);
    expect(addresses).toEqual(['203.0.113.7']);
  });

  it('answers 503 with Retry-After when the refusal cannot be recorded, so the caller retries', async () => {
    const { http } = wiring(['viewer'], {
      recordDenial: async () => {
        throw new Error('audit queue down');
      },
    });
    const { result } = await invoke(http, event('{"name":"x"}'));
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
  });

  it('answers 429 from the rate limit before the use case runs', async () => {
    const { http } = wiring(['admin'], {
      limitRate: async () => {
        throw new TooManyRequestsError('over the tenant rate', 30);
      },
    });
    const { result, seen } = await invoke(http, event('{"name":"x"}'));
    expect(result.statusCode).toBe(429);
    expect(seen).toEqual([]);
  });

  it('answers 400 naming a query parameter out of range, and 422 naming a body field', async () => {
    const { http } = wiring(['admin']);
    const query = await invoke(http, event('{"name":"x"}', { limit: '50' }));
    expect(query.result.statusCode).toBe(400);
    expect(query.problem.detail).toMatch(/^Invalid query parameters: limit/);

    const body = await invoke(http, event('{"name":""}'));
    expect(body.result.statusCode).toBe(422);
    expect(body.problem.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
  });
  it('answers a request still running near the timeout with a 503 to retry, as problem+json', async () => {
    const { http } = wiring(['admin']);
    const handler = httpRoute(adminOnly, http).handle(() => new Promise<never>(() => {}));
    // 1 second and a little is left: the answer is due at once, not when Lambda would cut it off.
    const late = { ...context, getRemainingTimeInMillis: () => 1_005 } as Context;
    const result = (await handler(event('{"name":"x"}'), late)) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '2' });
    expect(JSON.parse(String(result.body))).toMatchObject({ status: 503, detail: 'The request did not finish in time; retry it' });
  });
});
