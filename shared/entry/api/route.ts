/**
 * A route declared once: method, path, roles, request and response schemas, the problems it can
 * answer. The HTTP kit (http/http-route.ts) validates each request against it and hands the
 * handler typed input; the OpenAPI document (openapi.ts) is generated from the same declarations;
 * a test holds resources/functions.yml to them, route for route.
 */
import * as z from 'zod';
import type { Role } from '../../domain/roles.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The 4xx and 5xx statuses a route may answer, each as application/problem+json. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 503;

export interface ResponseDeclaration {
  readonly description: string;
  /** The JSON body; absent for 204 and for non-JSON bodies. */
  readonly schema?: z.ZodType;
  /** For bodies that are not JSON (NDJSON, CSV, HTML). */
  readonly contentTypes?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
}

export interface BodyDeclaration<B extends z.ZodType> {
  readonly schema: B;
  /** `optional`: a request may come without a body (an approval without a comment). */
  readonly required: boolean;
  /** Names the body in a 422's detail: "The approval is not valid: check comment". */
  readonly what: string;
  /** Documented here but validated by the use case, when the schema depends on the request (a webhook's source). */
  readonly validatedBy?: 'use case';
}

export interface RouteDeclaration<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  readonly operationId: string;
  readonly method: Method;
  /** As in serverless.yml and API Gateway: `{name}` for path parameters. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** Who may call it, or `public` (no token at all). */
  readonly roles: readonly Role[] | 'public';
  /** Integration keys are accepted as bearer tokens (and, where the sender cannot set headers, in the body). */
  readonly integrationKeys?: boolean;
  /** Which per-tenant rate the route counts against (default `api`). */
  readonly rateLimit?: 'webhook' | 'api';
  readonly params?: P;
  readonly query?: Q;
  readonly body?: BodyDeclaration<B>;
  /** Request headers the route reads, by name, with what they mean. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly responses: Readonly<Record<number, ResponseDeclaration>>;
  readonly problems: readonly ProblemStatus[];
}

/** Declares a route; the identity function, there for the types. */
export function route<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown>(
  declaration: RouteDeclaration<P, Q, B>,
): RouteDeclaration<P, Q, B> {
  return declaration;
}

/** The problems every authenticated route can answer. */
export const AUTH_PROBLEMS = [401, 403, 429, 503] as const satisfies readonly ProblemStatus[];
/** The problems every route with a JSON body can answer, on top. */
export const BODY_PROBLEMS = [400, 413, 415, 422] as const satisfies readonly ProblemStatus[];

/** RFC 9457 problem details, as every 4xx and 5xx answers. */
export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'A URI naming the problem type; documented in docs/problems.md' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    correlationId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ id: 'Problem' });

/** Path parameter: an id, as the path carries it (an id that matches nothing answers 404). */
export const idParam = z.string().min(1);

/** A cursor-paged list of `item`. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), cursor: z.string().optional().meta({ description: 'Opaque; pass it back for the next page' }) });
}
