/**
 * What an executor reports after carrying out (or refusing, or dry-running) one action; stored
 * on the alert and the approval.
 *
 * Outcomes are shown to every viewer of the tenant, so they never carry a secret: no webhook
 * secret, no signature, no Authorization value, no URL path or query (the origin only), and no
 * response body.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';

export const EXECUTION_STATUSES = ['succeeded', 'failed', 'dry-run'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

const recordedRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});

/**
 * What a target answered, without its body: a target's answer can hold anything (an internal
 * page, a credential echoed back), and outcomes are shown to every viewer and chained into the
 * audit log. The size and hash let an operator match it against the target's own logs.
 */
const recordedResponseSchema = z.object({
  status: z.number().int(),
  /** Bytes of the body read (at most the reader's limit). */
  bytes: z.number().int().nonnegative(),
  /** SHA-256 of those bytes, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The body was longer than what was read. */
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

export function recordResponse(status: number, body: string, truncated = false): RecordedResponse {
  const bytes = Buffer.from(body, 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { status, bytes: bytes.byteLength, sha256, ...(truncated ? { truncated } : {}) };
}

/** The placeholder that stands for a secret-derived header value in recorded requests. */
export const REDACTED = '<redacted>';
