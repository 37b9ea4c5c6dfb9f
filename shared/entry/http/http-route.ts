/**
 * Builds an HTTP handler from a route declaration (shared/entry/api): middy with logging,
 * tracing and problem+json errors around authentication, the route's role check and rate, the
 * path, query and body validated by the declared schemas, and one use case with typed input.
 *
 * @example
 * export const handler = httpRoute(getAlertRoute, http)   // http: RouteWiring from the composition module
 *   .handle(async ({ principal, params }) => ({ status: 200, body: alertView(await getAlert(alerts, principal.tenant, params.id)) }));
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from '../../adapters/observability.ts';
import { type Authenticator, authenticate } from '../../app/auth/authenticate.ts';
import type { Denial } from '../../app/auth/record-denial.ts';
import { BadRequestError, ForbiddenError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import { validate } from '../../domain/validation.ts';
import type { RouteDeclaration } from '../api/route.ts';
import { type ObservedOptions, observed } from '../lambda/observed.ts';
import { correlationIdOf } from './correlation.ts';
import { header, rawBodyText, readJsonBody } from './json-body.ts';
import { problemResponse, problemStatus } from './problem.ts';

export interface RouteRequest<P = unknown, Q = unknown, B = unknown> {
  readonly principal: Principal;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly correlationId: string;
  /** A request header, by case-insensitive name. */
  readonly header: (name: string) => string | undefined;
}

export interface RouteResponse {
  readonly status: number;
  /** Sent as JSON… */
  readonly body?: unknown;
  /** …or, with its own content-type header, as this text (NDJSON, CSV, HTML). */
  readonly text?: string;
  /** `text` is base64 of a binary body (a gzipped asset). */
  readonly base64?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Counts a request against its tenant's rate; throws TooManyRequestsError over it. */
export type RateLimit = (principal: Principal, routeClass: 'webhook' | 'api', route: string, correlationId: string) => Promise<void>;

export interface RouteWiring {
  /** Built once per container by the function's composition module. */
  readonly authenticator: Authenticator;
  /** Records a known principal's refusal in its tenant's audit log (auth.denied, aggregated). */
  readonly recordDenial?: (denial: Denial) => Promise<void>;
  readonly limitRate?: RateLimit;
  /** Counts a request that failed authentication against its source address; throws TooManyRequestsError over it. */
  readonly limitUnauthenticated?: (sourceIp: string | undefined) => Promise<void>;
  /** Where a sender that cannot set headers puts its integration key (PagerDuty's `routing_key`). */
  readonly keyInBody?: (body: unknown, params: Readonly<Record<string, string | undefined>>) => string | undefined;
}

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;
type Input<S> = S extends z.ZodType ? z.output<S> : undefined;

function label(route: RouteDeclaration): string {
  return `${route.method} ${route.path}`;
}

/**
 * A request still running this close to the function's timeout is answered with a 503 the
 * caller can retry, as problem+json, rather than by the platform: API Gateway answers a Lambda
 * timeout with a bare 503, and serverless-offline with a 200 whose body is the error.
 */
const ANSWER_BEFORE_TIMEOUT: ObservedOptions = {
  timeoutEarlyInMillis: 1_000,
  timeoutEarlyResponse: () => {
    throw new ServiceUnavailableError('The request did not finish in time; retry it', 2);
  },
};

function httpObserved() {
  return observed<Event, Result>(ANSWER_BEFORE_TIMEOUT);
}

/** problem+json for every error, logged by severity: 5xx with the error, 401/403 as denied access. */
function problemDetails(route: string): MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const correlationId = correlationIdOf(request.event);
      const status = problemStatus(request.error);
      const sourceIp = request.event.requestContext?.http?.sourceIp;
      const context = { route, status, correlationId, sourceIp };
      if (status >= 500) logger.error('request failed', { ...context, error: request.error });
      else if (status === 401 || status === 403) logger.warn('access denied', { ...context, reason: request.error?.message });
      else logger.info('request refused', { ...context, reason: request.error?.message });
      request.response = problemResponse(request.error, correlationId, request.event.rawPath ?? route);
    },
  };
}

/**
 * A known principal refused (a missing role) is recorded as auth.denied in its tenant's audit
 * log; when that cannot be recorded the answer is a 503, so the caller retries rather than the
 * refusal be lost. Runs before problemDetails, which then answers for whatever error is left.
 */
function auditDenials(route: string, recordDenial: (denial: Denial) => Promise<void>): MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const error = request.error;
      if (!(error instanceof ForbiddenError) || error.who === undefined) return;
      const correlationId = correlationIdOf(request.event);
      const sourceIp = request.event.requestContext?.http?.sourceIp;
      try {
        await recordDenial({ who: error.who, route, sourceIp, correlationId, reason: error.message });
      } catch (cause: unknown) {
        request.error = new ServiceUnavailableError('Try again shortly', 5, { cause });
        logger.error('auth.denied could not be recorded', { route, correlationId, error: cause });
      }
    },
  };
}

/**
 * Who is calling, counted against the rates before anything else is decided: a refusal (401 or
 * 403) costs the caller its rate like any other request, so refusals cannot be sent for free.
 */
async function principalFor(
  route: RouteDeclaration,
  wiring: RouteWiring,
  event: Event,
  keyInBody: () => string | undefined,
  correlationId: string,
) {
  if (route.roles === 'public') throw new Error(`${label(route)} is public: build it with publicRoute`);
  const authorization = header(event, 'authorization');
  let principal: Principal;
  try {
    principal = await authenticate(wiring.authenticator, {
      authorization,
      keyInBody: authorization === undefined ? keyInBody() : undefined,
      acceptsIntegrationKeys: route.integrationKeys === true,
    });
  } catch (error: unknown) {
    if (error instanceof UnauthorizedError) await wiring.limitUnauthenticated?.(event.requestContext?.http?.sourceIp);
    throw error;
  }
  await wiring.limitRate?.(principal, route.rateLimit ?? 'api', label(route), correlationId);
  const roles = route.roles;
  if (!principal.roles.some((role) => roles.includes(role))) {
    throw new ForbiddenError(`${label(route)} needs one of the roles: ${roles.join(', ')}`, {
      subject: principal.subject,
      tenant: principal.tenant,
    });
  }
  return principal;
}

/** Path and query parameters that do not fit their schemas are the caller's mistake: 400, naming them. */
function parameters<S extends z.ZodType>(
  schema: S | undefined,
  values: Record<string, string | undefined> | undefined,
  what: string,
): Input<S> {
  if (schema === undefined) return undefined as Input<S>;
  const parsed = schema.safeParse(values ?? {});
  if (parsed.success) return parsed.data as Input<S>;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new BadRequestError(`Invalid ${what} parameters: ${problems.join('; ')}`);
}

/** The JSON body, read once when first needed (before authentication only for a key in the body). */
function bodyReader(route: RouteDeclaration, event: Event): () => unknown {
  let read: { value: unknown } | undefined;
  return () => {
    if (route.body === undefined) return undefined;
    // API Gateway (and serverless offline) may hand a bodiless request's body over as null.
    const absent = typeof event.body !== 'string' || event.body === '';
    read ??= { value: !route.body.required && absent ? undefined : readJsonBody(event) };
    return read.value;
  };
}

function validatedBody<B extends z.ZodType>(route: RouteDeclaration<z.ZodType, z.ZodType, B>, raw: unknown): z.output<B> {
  const body = route.body;
  if (body === undefined || body.validatedBy === 'use case') return raw as z.output<B>;
  return validate(body.schema, raw, body.what);
}

function result(response: RouteResponse, correlationId: string): Result {
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId, ...response.headers },
    body: response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body)),
    ...(response.base64 === true ? { isBase64Encoded: true } : {}),
  };
}

export function httpRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDeclaration<P, Q, B>,
  wiring: RouteWiring,
) {
  const name = label(route);
  return {
    handle(useCase: (request: RouteRequest<Input<P>, Input<Q>, z.output<B>>) => Promise<RouteResponse>) {
      const pipeline = httpObserved().use(problemDetails(name));
      // onError middlewares run last-added first: denials are recorded before problemDetails answers.
      if (wiring.recordDenial !== undefined) pipeline.use(auditDenials(name, wiring.recordDenial));
      return pipeline.handler(async (event) => {
        const correlationId = correlationIdOf(event);
        logger.appendKeys({ correlationId, route: name });
        const rawParams = event.pathParameters ?? {};
        const body = bodyReader(route, event);
        const keyInBody = () => (wiring.keyInBody === undefined ? undefined : wiring.keyInBody(body(), rawParams));
        const principal = await principalFor(route, wiring, event, keyInBody, correlationId);
        logger.appendKeys({ tenant: principal.tenant, principal: principal.subject });
        const response = await useCase({
          principal,
          params: parameters(route.params, rawParams, 'path'),
          query: parameters(route.query, event.queryStringParameters, 'query'),
          body: validatedBody(route, body()),
          correlationId,
          header: (headerName) => header(event, headerName),
        });
        return result(response, correlationId);
      });
    },
  };
}

/** A route with no authentication at all (health, the OpenAPI document, the API reference). */
export function publicRoute<P extends z.ZodType>(route: RouteDeclaration<P>) {
  const name = label(route);
  return {
    handle(
      respond: (request: {
        readonly params: Input<P>;
        readonly header: (name: string) => string | undefined;
        /** The body exactly as sent, for routes a signature authenticates. */
        readonly rawBody: () => string;
        readonly sourceIp: string | undefined;
        readonly correlationId: string;
      }) => Promise<RouteResponse>,
    ) {
      return httpObserved()
        .use(problemDetails(name))
        .handler(async (event) => {
          const correlationId = correlationIdOf(event);
          const params = parameters(route.params, event.pathParameters, 'path');
          return result(
            await respond({
              params,
              header: (name) => header(event, name),
              rawBody: () => rawBodyText(event),
              sourceIp: event.requestContext?.http?.sourceIp,
              correlationId,
            }),
            correlationId,
          );
        });
    },
  };
}

/**
 * API Gateway's `$default` route: a request no declaration matches answers a problem like every
 * other error, not API Gateway's bare `{"message":"Not Found"}`.
 */
export function unmatchedRoute() {
  return httpObserved()
    .use(problemDetails('$default'))
    .handler(async (event) => {
      const what = `${event.requestContext?.http?.method ?? ''} ${event.rawPath ?? ''}`.slice(0, 200);
      throw new NotFoundError(`No operation answers ${JSON.stringify(what)}; the operations are listed at /v1/openapi.json`);
    });
}
