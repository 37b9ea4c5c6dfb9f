/**
 * The tenant configuration of remediation executors, to be merged into the tenant config schema
 * as `remediation` (and `secretRef` into notification targets). Everything live is opt-in: a
 * tenant without this section runs every action as a dry run.
 *
 * Secrets are never stored here, only references resolved at execution (see secret-resolver.ts):
 * `env:ALERTGATE_WEBHOOK_…` locally, `ssm:/alertgate/<stage>/tenants/<tenant>/…` or
 * `secretsmanager:alertgate/<stage>/tenants/<tenant>/…` in the cloud.
 */
import * as z from 'zod';

const id = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, - or _');
const httpUrl = z.url({ protocol: /^https?$/ });
export const secretRefSchema = z.string().min(1).max(512);

export const remediationWebhookSchema = z.object({
  /** What `invoke_webhook`'s `target` param names. */
  id,
  url: httpUrl,
  /** The HMAC-SHA256 signing secret. */
  secretRef: secretRefSchema,
  /** The payloads invoke_webhook may send, by name (its `template` param); none: an empty payload. */
  templates: z
    .record(
      id,
      // Kept small: the payload travels in the workflow's state (256 KB in all) and its recorded request.
      z.record(z.string(), z.unknown()).refine((payload) => JSON.stringify(payload).length <= 16_384, 'must be at most 16 KiB as JSON'),
    )
    .default({}),
});

/** A base URL: its path may hold a route prefix, but no query or fragment can steer the request. */
const baseUrl = httpUrl.refine(
  // Refinements run even when the URL check failed: a string with neither character passes here.
  (url) => !url.includes('?') && !url.includes('#'),
  'must be a base URL, without a query or fragment',
);

export const alertmanagerTargetSchema = z.object({
  /** The Alertmanager base URL (with its route prefix, if any); `api/v2/silences` is resolved against it. */
  url: baseUrl,
  /** Sent as `Authorization: <type> <secret>`; for Basic the secret is `user:password`. */
  authorization: z.object({ type: z.enum(['Bearer', 'Basic']), credentialsRef: secretRefSchema }).optional(),
});

export const ssmTargetSchema = z.object({
  /**
   * A role in the tenant's account that alertgate assumes (with the tenant id as ExternalId); required
   * to run live. Its name starts with `alertgate-remediation`: the executor's IAM role may assume no other.
   */
  roleArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/alertgate-remediation[\w+=,.@-]{0,40}$/,
      'must be the ARN of an IAM role whose name starts with alertgate-remediation',
    )
    .optional(),
  /** Where the automation runs (default: the function's region). */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region')
    .optional(),
  /** The Automation documents that may be started; required to run live (none otherwise). */
  allowedDocuments: z
    .array(z.string().regex(/^[a-zA-Z0-9_.-]{3,128}$/, 'must be a document name, not an ARN'))
    .max(100)
    .optional(),
});

export const remediationConfigSchema = z
  .object({
    /** `dry-run` records what would be sent; `live` sends it. */
    executor: z.enum(['dry-run', 'live']).default('dry-run'),
    webhooks: z.array(remediationWebhookSchema).max(20).default([]),
    alertmanager: alertmanagerTargetSchema.optional(),
    ssm: ssmTargetSchema.optional(),
  })
  .refine((config) => new Set(config.webhooks.map((webhook) => webhook.id)).size === config.webhooks.length, {
    message: 'webhook ids must be unique',
    path: ['webhooks'],
  });

/** The addition to a notification target: generic webhooks with a secret are signed like remediation webhooks. */
export const notificationTargetAdditions = { secretRef: secretRefSchema.optional() };

export type RemediationConfig = z.output<typeof remediationConfigSchema>;
export type RemediationConfigInput = z.input<typeof remediationConfigSchema>;
export type RemediationWebhook = z.output<typeof remediationWebhookSchema>;
export type AlertmanagerTarget = z.output<typeof alertmanagerTargetSchema>;
export type SsmTarget = z.output<typeof ssmTargetSchema>;

/** The configuration of a tenant that has none: everything dry-run. */
export const DEFAULT_REMEDIATION_CONFIG: RemediationConfig = remediationConfigSchema.parse({});
