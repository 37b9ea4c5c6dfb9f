/**
 * The environment each function runs with, read and validated once at cold start into one
 * typed object: a composition module names the variables its function needs, and a missing or
 * malformed one fails the init (all of them named at once), never a request halfway through.
 *
 * @example
 * const config = readConfig(['ALERTS_TABLE', 'AUDIT_QUEUE_NAME']);
 * new DynamoAlertStore(dynamodb, config.ALERTS_TABLE);
 */
import * as z from 'zod';
import { DEFAULT_RETRY_DELAYS_SECONDS } from '../../domain/notifications/notification-retry.ts';

/** Thrown at cold start when the function's environment is incomplete or wrong. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

const required = z.string().min(1);
const optional = z.string().min(1).optional();
const list = (fallback: readonly string[]) =>
  z
    .string()
    .optional()
    .transform((value) =>
      value === undefined
        ? [...fallback]
        : value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== ''),
    );

/** Every variable serverless.yml sets, with what it must look like. */
const VARIABLES = {
  STAGE: required,
  ALERTS_TABLE: required,
  APPROVALS_TABLE: required,
  INCIDENTS_TABLE: required,
  AUDIT_TABLE: required,
  INTEGRATION_KEYS_TABLE: required,
  PROVIDER_STATE_TABLE: required,
  TENANT_CONFIGS_TABLE: required,
  AUDIT_QUEUE_NAME: required,
  TRIAGE_QUEUE_NAME: required,
  SLACK_CLICKS_QUEUE_NAME: required,
  SLACK_MESSAGES_QUEUE_NAME: required,
  /** Notifications waiting to be sent again (notification-retry.ts). */
  NOTIFICATION_RETRIES_QUEUE_NAME: required,
  /** Seconds before each resend of a failed notification, comma-separated (each at most 900). */
  NOTIFICATION_RETRY_DELAYS: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return [...DEFAULT_RETRY_DELAYS_SECONDS];
      const items = value.split(',').map((item) => item.trim());
      const delays = items.map(Number);
      if (items.some((item) => !/^\d+$/.test(item)) || delays.some((delay) => delay > 900)) {
        context.addIssue({ code: 'custom', message: 'must be whole seconds from 0 to 900, comma-separated' });
        return z.NEVER;
      }
      return delays;
    }),
  /** Slack's Web API (a stand-in in tests). */
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  /** Where a click's response_url may point (Slack's hooks; a stand-in in tests). */
  SLACK_RESPONSE_URL_PREFIX: z.string().min(1).default('https://hooks.slack.com/'),
  REMEDIATION_STATE_MACHINE_ARN: required,
  /** The register of the consoles' open WebSocket connections. */
  LIVE_CONNECTIONS_TABLE: required,
  STATS_TABLE: required,
  LIVE_TICKETS_TABLE: required,
  SLACK_TABLE: required,
  /** Each tenant's corrections and the model learned from them. */
  LEARNING_TABLE: required,
  /** The live-updates WebSocket API's management endpoint (`https://…/<stage>`); no live updates when absent. */
  LIVE_API_ENDPOINT: z.url().optional(),
  /** The console's (or the API's) public URL, for links in notifications. */
  PUBLIC_BASE_URL: z.url().optional(),
  AUTH_ISSUER: required,
  AUTH_AUDIENCE: required,
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_LOCAL_JWKS_FILE: optional,
  AUTH_ALGORITHMS: list(['RS256', 'ES256']),
  AUTH_TENANT_CLAIM: z.string().min(1).default('tenant'),
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** The operator's word that users cannot write the tenant and roles claims (required for Cognito `custom:` attributes). */
  AUTH_CLAIMS_ADMIN_ONLY: z.enum(['true', 'false']).default('false'),
  /** The oldest a token may be, by its iat: a number and a unit (`12h`, `1d`, `30m`). */
  AUTH_MAX_TOKEN_AGE: z
    .string()
    .regex(/^\d{1,4}\s?(s|m|h|d)$/, 'must be a number and a unit, like 12h or 1d')
    .default('24h'),
  /** Set by the embedded emulators and LocalStack: queue URLs are then addressed through it. */
  AWS_ENDPOINT_URL_SQS: optional,
  /** Audit checkpoints' Ed25519 private key (PKCS#8 PEM) inline (locally), or the SSM SecureString holding it (cloud). */
  AUDIT_CHECKPOINT_PRIVATE_KEY: optional,
  AUDIT_CHECKPOINT_PRIVATE_KEY_PARAMETER: optional,
  /** Their trusted public keys (a JWKS or PEM) inline, or the SSM String parameter holding them. */
  AUDIT_CHECKPOINT_PUBLIC_KEYS: optional,
  AUDIT_CHECKPOINT_PUBLIC_KEYS_PARAMETER: optional,
  /** Where checkpoints are archived: an S3 bucket with Object Lock (cloud) or a directory (locally). */
  AUDIT_CHECKPOINT_BUCKET: optional,
  AUDIT_CHECKPOINT_DIR: optional,
  /** Set by the embedded emulators and LocalStack: S3 is then addressed by path. */
  AWS_ENDPOINT_URL_S3: optional,
  /** The operator's request limits per minute: tenants may set lower ones, never higher. */
  LIMIT_TENANT_API_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  LIMIT_TENANT_WEBHOOK_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  LIMIT_PRINCIPAL_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  LIMIT_UNAUTHENTICATED_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** The LLM models tenants may use (ids, or prefixes ending in *; comma-separated), and their most tokens a day. */
  LLM_ALLOWED_MODELS: list(['*']),
  LLM_MAX_DAILY_TOKENS: z.coerce.number().int().min(0).default(1_000_000),
  /** The role whose tenant-tagged sessions read tenant secrets (cloud); absent locally, where env: refs serve. */
  TENANT_SECRETS_ROLE_ARN: optional,
  /** The checkpoint writer function, which the API invokes for a checkpoint on demand. */
  AUDIT_CHECKPOINT_WRITER_FUNCTION: optional,
  /** Internal ranges (CIDR, comma-separated) tenant URLs may reach although the egress policy refuses them. */
  EGRESS_ALLOW_INTERNAL: list([]),
} as const;

type Variables = typeof VARIABLES;
export type VariableName = keyof Variables;
export type Config<K extends VariableName> = { readonly [P in K]: z.output<Variables[P]> };

/** serverless.yml writes unset optional variables as empty strings: they count as absent. */
function variable(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name];
  return value === '' ? undefined : value;
}

export function readConfig<K extends VariableName>(
  names: readonly K[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config<K> {
  const shape = Object.fromEntries(names.map((name) => [name, VARIABLES[name]])) as { [P in K]: Variables[P] };
  const input = Object.fromEntries(names.map((name) => [name, variable(env, name)]));
  const parsed = z.object(shape).safeParse(input);
  if (parsed.success) return parsed.data as Config<K>;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.')}: ${input[String(issue.path[0])] === undefined ? 'is required' : issue.message}`,
  );
  throw new ConfigurationError(`The function's environment is incomplete: ${problems.join('; ')}`);
}
