/**
 * The one place errors become HTTP: RFC 9457 problem details. Below 500 the error's message is
 * the `detail`; a 500 says nothing of its cause (the cause is logged with the correlation id).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../domain/errors.ts';

/** Problem types resolve to the API reference's page of them, one anchor each (served by the docs function). */
export const PROBLEM_BASE = '/docs/problems#';

interface Mapping {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
}

const MAPPINGS: ReadonlyArray<[new (...args: never[]) => Error, Mapping]> = [
  [ValidationError, { status: 422, slug: 'validation', title: 'The request body is not valid' }],
  [BadRequestError, { status: 400, slug: 'bad-request', title: 'The request is malformed' }],
  [UnsupportedMediaTypeError, { status: 415, slug: 'unsupported-media-type', title: 'The body must be JSON' }],
  [PayloadTooLargeError, { status: 413, slug: 'payload-too-large', title: 'The request is too large' }],
  [UnauthorizedError, { status: 401, slug: 'unauthorized', title: 'Authentication is required' }],
  [ForbiddenError, { status: 403, slug: 'forbidden', title: 'The caller lacks a role this route requires' }],
  [NotFoundError, { status: 404, slug: 'not-found', title: 'Not found' }],
  [ConflictError, { status: 409, slug: 'conflict', title: 'The request conflicts with the current state' }],
  [PreconditionFailedError, { status: 412, slug: 'precondition-failed', title: 'The resource changed since you read it' }],
  [PreconditionRequiredError, { status: 428, slug: 'precondition-required', title: 'Say which version you are replacing (If-Match)' }],
  [TooManyRequestsError, { status: 429, slug: 'too-many-requests', title: 'Too many requests for this tenant' }],
  [ServiceUnavailableError, { status: 503, slug: 'unavailable', title: 'A dependency is unavailable; retry' }],
];

const INTERNAL: Mapping = { status: 500, slug: 'internal', title: 'Internal error' };

/** Every problem type alertgate answers with, for the page that documents them. */
export const PROBLEM_TYPES: readonly Mapping[] = [...MAPPINGS.map(([, mapping]) => mapping), INTERNAL];

export function problemStatus(error: unknown): number {
  return mappingFor(error).status;
}

function mappingFor(error: unknown): Mapping {
  for (const [type, mapping] of MAPPINGS) if (error instanceof type) return mapping;
  return INTERNAL;
}

export function problemResponse(error: unknown, correlationId: string, instance: string): APIGatewayProxyStructuredResultV2 {
  const mapping = mappingFor(error);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json', 'x-correlation-id': correlationId };
  const body: Record<string, unknown> = {
    type: PROBLEM_BASE + mapping.slug,
    title: mapping.title,
    status: mapping.status,
    detail:
      mapping.status < 500 || error instanceof ServiceUnavailableError
        ? messageOf(error)
        : 'Something went wrong on our side. Quote the correlation id when reporting it.',
    instance,
    correlationId,
  };
  if (error instanceof ValidationError) body.errors = error.problems;
  if (error instanceof UnauthorizedError) headers['www-authenticate'] = wwwAuthenticate(error);
  if (error instanceof ServiceUnavailableError || error instanceof TooManyRequestsError)
    headers['retry-after'] = String(error.retryAfterSeconds);
  return { statusCode: mapping.status, headers, body: JSON.stringify(body) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** RFC 6750: no credentials → just the challenge; bad credentials → error="invalid_token". */
function wwwAuthenticate(error: UnauthorizedError): string {
  if (error.credentials === 'missing') return 'Bearer realm="alertgate"';
  return `Bearer realm="alertgate", error="invalid_token", error_description="${error.message.replaceAll('"', "'")}"`;
}
