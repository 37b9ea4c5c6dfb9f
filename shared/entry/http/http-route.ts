/**
 * Builds an HTTP handler: middy with logging, tracing and problem+json errors around
 * authentication, the route's role check, an optional JSON body, and one use case.
 *
 * @example
 * export const handler = httpRoute({ route: 'GET /v1/alerts/{id}', roles: READERS, authenticator })
 *   .handle(async ({ principal, params }) => ({ status: 200, body: await getAlert(deps, principal.tenant, params.id) }));
 */

import { randomUUID } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../../adapters/observability.ts';
import { type Authenticator, authenticate } from '../../app/auth/authenticate.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import { ForbiddenError, ServiceUnavailableError } from '../../domain/errors.ts';
import type { Principal, Role } from '../../domain/roles.ts';
import { observed } from '../lambda/observed.ts';
import { correlationIdOf } from './correlation.ts';
import { header, readJsonBody } from './json-body.ts';
import { problemResponse, problemStatus } from './problem.ts';

export interface RouteRequest {
  readonly principal: Principal;
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  readonly correlationId: string;
  /** A request header, by case-insensitive name. */
  readonly header: (name: string) => string | undefined;
}

export interface RouteResponse {
  readonly status: number;
  /** Sent as JSON… */
  readonly body?: unknown;
  /** …or, with its own content-type header, as this text (e.g. NDJSON, CSV). */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteOptions {
  /** Method and path, as in serverless.yml; used in logs and problem `instance`. */
  readonly route: string;
  /** The roles admitted, declared here and nowhere else. */
  readonly roles: readonly Role[];
  /** Whether the route reads a JSON body (1 MiB limit, 400/413/415 errors). */
  readonly jsonBody?: boolean | 'optional';
  /** Integration keys are accepted (as bearer tokens, and from the body where this finds one). */
  readonly integrationKeys?: { readonly inBody?: (body: unknown, params: RouteRequest['params']) => string | undefined };
  /** The authenticator, built once per container by the function's composition module. */
  readonly authenticator: Authenticator;
  /** Which per-tenant rate the route counts against (default `api`). */
  readonly rateLimit?: 'webhook' | 'api';
}

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** problem+json for every error, logged by severity: 5xx with the error, 401/403 as denied access. */
function problemDetails(route: string, authenticator?: Authenticator): MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const correlationId = correlationIdOf(request.event);
      let error: unknown = request.error;
      const status = problemStatus(error);
      const sourceIp = request.event.requestContext?.http?.sourceIp;
      const context = { route, status, correlationId, sourceIp };
      if (status >= 500) logger.error('request failed', { ...context, error });
      else if (status === 401 || status === 403) logger.warn('access denied', { ...context, reason: request.error?.message });
      else logger.info('request refused', { ...context, reason: request.error?.message });
      const record = error instanceof ForbiddenError && error.who !== undefined ? authenticator?.recordDenial : undefined;
      if (error instanceof ForbiddenError && error.who !== undefined && record !== undefined) {
        try {
          await record(deniedEvent(error.who, route, sourceIp, correlationId, error.message));
        } catch (cause: unknown) {
          // The refusal could not be recorded: fail so the caller retries, rather than lose it.
          error = new ServiceUnavailableError('Try again shortly', 5, { cause });
          logger.error('auth.denied could not be recorded', { ...context, error: cause });
        }
      }
      request.response = problemResponse(error, correlationId, request.event.rawPath ?? route);
    },
  };
}

function deniedEvent(
  who: { subject: string; tenant: string },
  route: string,
  sourceIp: string | undefined,
  correlationId: string,
  reason: string,
): AuditEvent {
  return {
    eventId: `auth.denied:${randomUUID()}`,
    tenant: who.tenant,
    time: new Date().toISOString(),
    type: 'auth.denied',
    actor: who.subject,
    subjects: {},
    correlationId,
    data: { route, sourceIp: sourceIp ?? null, reason },
  };
}

async function principalFor(
  options: RouteOptions,
  event: Event,
  params: RouteRequest['params'],
  body: () => unknown,
  correlationId: string,
) {
  const authorization = header(event, 'authorization');
  const inBody = options.integrationKeys?.inBody;
  const keyInBody = authorization === undefined && inBody !== undefined ? inBody(body(), params) : undefined;
  const principal = await authenticate(options.authenticator, {
    authorization,
    keyInBody,
    acceptsIntegrationKeys: options.integrationKeys !== undefined,
  });
  if (!principal.roles.some((role) => options.roles.includes(role))) {
    throw new ForbiddenError(`${options.route} needs one of the roles: ${options.roles.join(', ')}`, {
      subject: principal.subject,
      tenant: principal.tenant,
    });
  }
  await options.authenticator.limitRate?.(principal, options.rateLimit ?? 'api', options.route, correlationId);
  return principal;
}

export function httpRoute(options: RouteOptions) {
  return {
    handle(useCase: (request: RouteRequest) => Promise<RouteResponse>) {
      return (
        // Responses may carry a one-time secret (a new integration key): observed() never traces them.
        observed<Event, Result>()
          .use(problemDetails(options.route, options.authenticator))
          .handler(async (event) => {
            const correlationId = correlationIdOf(event);
            logger.appendKeys({ correlationId, route: options.route });
            const params = event.pathParameters ?? {};
            const query = event.queryStringParameters ?? {};
            // The body is read once, when first needed: before authentication only if the key is in it.
            let parsed: { value: unknown } | undefined;
            const body = () => {
              parsed ??= { value: readsBody(options.jsonBody, event) ? readJsonBody(event) : undefined };
              return parsed.value;
            };
            const principal = await principalFor(options, event, params, body, correlationId);
            logger.appendKeys({ tenant: principal.tenant, principal: principal.subject });
            const response = await useCase({
              principal,
              params,
              query,
              body: body(),
              correlationId,
              header: (name) => header(event, name),
            });
            return {
              statusCode: response.status,
              headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId, ...response.headers },
              body: response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body)),
            };
          })
      );
    },
  };
}

/** A route with no authentication at all (health, the OpenAPI document). */
export function publicRoute(route: string) {
  return {
    handle(respond: () => Promise<RouteResponse>) {
      return observed<Event, Result>()
        .use(problemDetails(route))
        .handler(async () => {
          const response = await respond();
          return {
            statusCode: response.status,
            headers: { 'content-type': 'application/json', ...response.headers },
            body: JSON.stringify(response.body),
          };
        });
    },
  };
}

/** `optional`: a request without a body is fine (e.g. an approval without a comment); one with a body must be JSON. */
function readsBody(jsonBody: RouteOptions['jsonBody'], event: Event): boolean {
  // API Gateway (and serverless offline) may hand a bodiless request's body over as null.
  if (jsonBody === 'optional') return typeof event.body === 'string' && event.body !== '';
  return jsonBody === true;
}
