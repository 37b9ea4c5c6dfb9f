/**
 * What an executor reports after carrying out (or refusing, or dry-running) one action; stored
 * on the alert and the approval.
 *
 * Outcomes are shown to every viewer of the tenant, so they never carry a secret: no webhook
 * secret, no signature, no Authorization value, no credentials in a URL.
 */
export const EXECUTION_STATUSES = ['succeeded', 'failed', 'dry-run'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** A request as sent (or as it would have been sent), with secrets replaced by placeholders. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface RecordedResponse {
  readonly status: number;
  /** The response body as text, cut to RESPONSE_BODY_LIMIT characters. */
  readonly body: string;
  readonly truncated?: boolean;
}

export interface ExecutionOutcome {
  readonly status: ExecutionStatus;
  /** Which executor produced the outcome: `dry-run`, `webhook`, `alertmanager`, `ssm-automation` or `none`. */
  readonly executor: string;
  /** When the outcome was reached, ISO 8601. */
  readonly at: string;
  /** One human sentence: what was done, or would have been, or why not. */
  readonly detail: string;
  readonly request?: RecordedRequest;
  readonly response?: RecordedResponse;
  /** Why it failed (status `failed` only). */
  readonly error?: string;
  /** Requests sent, retries included (live executors only). */
  readonly attempts?: number;
  /** What the target created: the Alertmanager silence ID, the SSM automation execution ID. */
  readonly externalId?: string;
}

/** How much of a response body an outcome keeps. */
export const RESPONSE_BODY_LIMIT = 2_048;

export function recordResponse(status: number, body: string): RecordedResponse {
  if (body.length <= RESPONSE_BODY_LIMIT) return { status, body };
  return { status, body: body.slice(0, RESPONSE_BODY_LIMIT), truncated: true };
}

/** The placeholder that stands for a secret-derived header value in recorded requests. */
export const REDACTED = '<redacted>';
