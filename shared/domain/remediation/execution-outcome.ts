/**
 * What an executor reports after carrying out (or refusing, or dry-running) one action; stored
 * on the alert and the approval.
 *
 * Outcomes are shown to every viewer of the tenant, so they never carry a secret: no webhook
 * secret, no signature, no Authorization value, no credentials in a URL.
 */
import * as z from 'zod';

export const EXECUTION_STATUSES = ['succeeded', 'failed', 'dry-run'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

const recordedRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});

const recordedResponseSchema = z.object({
  status: z.number().int(),
  /** The response body as text, cut to RESPONSE_BODY_LIMIT characters. */
  body: z.string(),
  truncated: z.boolean().optional(),
});

export const executionOutcomeSchema = z.object({
  status: z.enum(EXECUTION_STATUSES),
  /** Which executor produced the outcome: `dry-run`, `webhook`, `alertmanager`, `ssm-automation` or `none`. */
  executor: z.string(),
  /** When the outcome was reached, ISO 8601. */
  at: z.string(),
  /** One human sentence: what was done, or would have been, or why not. */
  detail: z.string(),
  /** As sent (or as it would have been), secrets replaced by placeholders. */
  request: recordedRequestSchema.optional(),
  response: recordedResponseSchema.optional(),
  /** Why it failed (status `failed` only). */
  error: z.string().optional(),
  /** Requests sent, retries included (live executors only). */
  attempts: z.number().int().optional(),
  /** What the target created: the Alertmanager silence ID, the SSM automation execution ID. */
  externalId: z.string().optional(),
});

export type RecordedRequest = Readonly<z.output<typeof recordedRequestSchema>>;
export type RecordedResponse = Readonly<z.output<typeof recordedResponseSchema>>;
export type ExecutionOutcome = Readonly<z.output<typeof executionOutcomeSchema>>;

/** How much of a response body an outcome keeps. */
export const RESPONSE_BODY_LIMIT = 2_048;

export function recordResponse(status: number, body: string): RecordedResponse {
  if (body.length <= RESPONSE_BODY_LIMIT) return { status, body };
  return { status, body: body.slice(0, RESPONSE_BODY_LIMIT), truncated: true };
}

/** The placeholder that stands for a secret-derived header value in recorded requests. */
export const REDACTED = '<redacted>';
