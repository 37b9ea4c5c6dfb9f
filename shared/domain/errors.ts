/**
 * The one error model. Each class maps to one HTTP status in `shared/entry/http/problem.ts`;
 * below 500 the message is shown to the caller, 500 stays generic.
 */

/** A field that failed validation, named by its path (e.g. `alerts.3.labels`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class BadRequestError extends Error {
  override name = 'BadRequestError';
}

export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly problems: readonly FieldProblem[];
  constructor(message: string, problems: readonly FieldProblem[], options?: ErrorOptions) {
    super(message, options);
    this.problems = problems;
  }
}

export class UnsupportedMediaTypeError extends Error {
  override name = 'UnsupportedMediaTypeError';
}

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
}

export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
  /** `missing`: no credentials were sent; `invalid`: they were, and failed. */
  readonly credentials: 'missing' | 'invalid';
  constructor(message: string, credentials: 'missing' | 'invalid', options?: ErrorOptions) {
    super(message, options);
    this.credentials = credentials;
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  /** Who was refused, when known (for the audit log's auth.denied). */
  readonly who?: { readonly subject: string; readonly tenant: string };
  constructor(message: string, who?: { readonly subject: string; readonly tenant: string }, options?: ErrorOptions) {
    super(message, options);
    this.who = who;
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** A conditional write lost a race, or the resource is in a state that forbids the request. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** The caller's If-Match names a version that is no longer current. */
export class PreconditionFailedError extends Error {
  override name = 'PreconditionFailedError';
}

/** A write that must say which version it replaces (If-Match) did not. */
export class PreconditionRequiredError extends Error {
  override name = 'PreconditionRequiredError';
}

/** The tenant went over its request rate; the caller may retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends Error {
  override name = 'TooManyRequestsError';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency failed in a way the caller should retry (e.g. the queue refused a batch). */
export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
