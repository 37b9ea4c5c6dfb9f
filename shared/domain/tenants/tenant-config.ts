/**
 * A tenant's configuration: routing rules, the category → team map, remediation policies, LLM
 * providers, the daily LLM token budget and notification targets. One schema validates PUTs and
 * gives the types; an absent config means the keyless classifier and the default policies.
 */
import * as z from 'zod';
import { type ActionName, actionNameSchema, checkParams, TENANT_RISKED } from '../actions/registry.ts';
import { RISKS } from '../actions/risk.ts';
import type { Labels } from '../alerts/alert.ts';
import { SEVERITIES } from '../alerts/alert.ts';
import { NOTIFICATION_EVENT_TYPES } from '../notifications/notification-event.ts';
import { notificationTargetAdditions, remediationConfigSchema } from '../remediation/executor-config.ts';
import { slackConfigSchema } from '../slack/slack-config.ts';
import { CATEGORIES } from '../triage/categories.ts';
import { MODES, PRIORITIES } from '../triage/decision.ts';
import { compiled, matchesAll, parseMatcher } from '../triage/matcher.ts';

const id = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, - or _');
/** A team's name, as routing rules, the category map and corrections give it. */
export const teamSchema = z.string().trim().min(1).max(100);
const team = teamSchema;

const matcher = z.string().superRefine((text, ctx) => {
  try {
    parseMatcher(text);
  } catch (error: unknown) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'invalid matcher' });
  }
});

const actionChoice = z
  .object({ name: actionNameSchema, params: z.record(z.string(), z.unknown()).default({}) })
  .superRefine((action, ctx) => {
    const check = checkParams(action.name, action.params);
    if (!check.ok) ctx.addIssue({ code: 'custom', path: ['params'], message: check.reason });
  });

export const routingRuleSchema = z.object({
  id,
  matchers: z.array(matcher).min(1).max(20),
  /** Keep matching later rules, which fill in what this one left unset. */
  continue: z.boolean().default(false),
  set: z
    .object({
      category: z.enum(CATEGORIES).optional(),
      team: team.optional(),
      severity: z.enum(SEVERITIES).optional(),
      priority: z.enum(PRIORITIES).optional(),
      action: actionChoice.optional(),
    })
    .refine((set) => Object.keys(set).length > 0, 'a rule must set at least one of category, team, severity, priority, action'),
});

export const policyRuleSchema = z
  .object({
    matchers: z.array(matcher).max(20).default([]),
    risk: z.enum(RISKS).optional(),
    action: actionNameSchema.optional(),
    /** The mode for what matches (the first matching rule with a mode wins)… */
    mode: z.enum(MODES).optional(),
    /** …or a floor: what matches gets at least this mode. */
    atLeast: z.enum(['approval', 'approval-2', 'notify-only', 'forbidden']).optional(),
  })
  .refine((rule) => (rule.mode === undefined) !== (rule.atLeast === undefined), 'a policy rule sets exactly one of mode, atLeast');

export const providerSchema = z
  .object({
    id,
    type: z.enum(['bedrock', 'openai', 'anthropic']),
    model: z.string().min(1).max(200),
    /** OpenAI-compatible servers (Azure OpenAI, vLLM, Ollama) and self-hosted gateways. */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Where the API key lives: an SSM parameter or Secrets Manager secret name in the cloud, an env var locally. */
    apiKeyRef: z.string().min(1).max(512).optional(),
    timeoutMs: z.number().int().min(500).max(30_000).default(8_000),
    /** A/B variants: providers with weights split alerts between them, sticky per fingerprint. */
    weight: z.number().int().min(1).max(100).optional(),
  })
  .refine((p) => p.type === 'bedrock' || p.apiKeyRef !== undefined, {
    message: 'openai and anthropic providers need apiKeyRef',
    path: ['apiKeyRef'],
  });

export const notificationTargetSchema = z.object({
  id,
  type: z.enum(['slack', 'webhook']),
  url: z.url({ protocol: /^https?$/ }),
  events: z
    .array(z.enum(NOTIFICATION_EVENT_TYPES))
    .min(1)
    .default([...NOTIFICATION_EVENT_TYPES]),
  ...notificationTargetAdditions,
});

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,99}$/, 'must be a label name');

/** Like Alertmanager's route `group_by`: alerts the matchers choose are grouped by these labels' values. */
const groupingRuleSchema = z.object({
  id,
  matchers: z.array(matcher).min(1).max(20),
  groupBy: z.array(labelName).max(20),
  /** How long after its last alert an incident still takes new ones (default: the tenant's window). */
  windowMinutes: z.number().int().min(1).max(1440).optional(),
});

/** The environments an alert can belong to; one no rule places is `production`. */
export const ENVIRONMENTS = ['production', 'staging', 'development', 'test'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

const environmentRuleSchema = z.object({
  /** e.g. `cluster="staging-eu"` or `namespace=~"sandbox-.*"`. */
  matchers: z.array(matcher).min(1).max(20),
  environment: z.enum(ENVIRONMENTS),
});

/** The default confidence below which a keyless decision needs review (see routing.reviewBelow). */
export const DEFAULT_REVIEW_BELOW = 0.5;

/** Floor modes by environment when the tenant sets none: production needs at least one approval. */
export const DEFAULT_ENVIRONMENT_FLOORS = { production: 'approval' } as const;

export const tenantConfigSchema = z.object({
  routing: z
    .object({
      rules: z.array(routingRuleSchema).max(200).default([]),
      teams: z.partialRecord(z.enum(CATEGORIES), team).default({}),
      /** Where an alert goes that nothing else gives a team, and every decision that needs review. */
      defaultTeam: team.optional(),
      /**
       * A keyless decision less confident than this needs review: it goes to the default team with
       * the classifier's best guesses. 0 never asks. The confidence is calibrated on services the
       * model never saw (npm run eval:router), so 0.5 means "right about half the time".
       */
      reviewBelow: z.number().min(0).max(1).default(DEFAULT_REVIEW_BELOW),
    })
    .prefault({}),
  policies: z
    .object({
      byRisk: z.partialRecord(z.enum(RISKS), z.enum(MODES)).default({}),
      rules: z.array(policyRuleSchema).max(100).optional(),
      /** Risk of the actions whose risk the tenant sets. */
      actionRisk: z.partialRecord(z.enum(TENANT_RISKED as [ActionName, ...ActionName[]]), z.enum(RISKS)).default({}),
      approvalDeadlineMinutes: z
        .number()
        .int()
        .min(5)
        .max(7 * 24 * 60)
        .default(60),
      /** The longest silence silence_alert may create. */
      maxSilenceMinutes: z.number().int().min(5).max(1440).default(240),
      /** At least this mode for alerts of an environment, whatever their risk or the rules say. */
      environmentFloors: z
        .partialRecord(z.enum(ENVIRONMENTS), z.enum(['approval', 'approval-2', 'notify-only', 'forbidden']))
        .default(DEFAULT_ENVIRONMENT_FLOORS),
      /** What automation may do to one target: rest after an execution, and at most so many an hour. */
      targets: z
        .object({
          cooldownMinutes: z.number().int().min(0).max(1440).default(15),
          maxExecutionsPerHour: z.number().int().min(1).max(60).default(3),
        })
        .prefault({}),
      /**
       * Stop proposing an action for alerts of a name once people rejected it this many times
       * within the window (absent: never stop; the proposal still shows how it went before).
       */
      stopProposing: z
        .object({ afterRejections: z.number().int().min(1).max(10), withinDays: z.number().int().min(1).max(90).default(7) })
        .optional(),
      /** The tenant's automatic executions per window; past it, `auto` actions need an approval. */
      autoExecutions: z
        .object({ max: z.number().int().min(0).max(10_000).default(10), windowMinutes: z.number().int().min(1).max(1440).default(10) })
        .prefault({}),
    })
    .default({
      byRisk: {},
      actionRisk: {},
      approvalDeadlineMinutes: 60,
      maxSilenceMinutes: 240,
      environmentFloors: DEFAULT_ENVIRONMENT_FLOORS,
      targets: { cooldownMinutes: 15, maxExecutionsPerHour: 3 },
      autoExecutions: { max: 10, windowMinutes: 10 },
    }),
  /** How alerts are grouped into incidents (see domain/incidents/grouping.ts). */
  incidents: z
    .object({
      rules: z.array(groupingRuleSchema).max(50).default([]),
      /** An incident takes alerts of its group until this long after its last one (while none fires). */
      windowMinutes: z.number().int().min(1).max(1440).default(10),
      /** A resolved incident reopens when an alert of its group fires within this long. */
      reopenMinutes: z.number().int().min(0).max(1440).default(30),
    })
    .prefault({}),
  /**
   * Which alerts belong to which environment, by the tenant's rules (the first that matches);
   * an alert no rule places is production, so leaving a label out never lowers a floor.
   */
  environments: z.object({ rules: z.array(environmentRuleSchema).max(100).default([]) }).default({ rules: [] }),
  providers: z.array(providerSchema).max(5).default([]),
  llmBudget: z.object({ dailyTokens: z.number().int().min(0).max(100_000_000).default(200_000) }).default({ dailyTokens: 200_000 }),
  notifications: z.object({ targets: z.array(notificationTargetSchema).max(20).default([]) }).default({ targets: [] }),
  /** The tenant's Slack app, for approving from Slack (absent: no Slack approvals). */
  slack: slackConfigSchema.optional(),
  /** How actions are carried out: dry-run (the default) or live, with the targets live executors call. */
  remediation: remediationConfigSchema.default({ executor: 'dry-run', webhooks: [] }),
  /**
   * Requests per minute per tenant, webhooks and the rest of the API. The operator's limits
   * (deployment configuration) are the ceiling: a tenant may set lower ones, never higher.
   */
  limits: z
    .object({
      webhookRequestsPerMinute: z.number().int().min(1).max(1_000_000).optional(),
      apiRequestsPerMinute: z.number().int().min(1).max(1_000_000).optional(),
    })
    .default({}),
  /** How long audit entries are kept (TTL); daily signed checkpoints keep the rest verifiable. */
  audit: z.object({ retentionDays: z.number().int().min(30).max(3650).default(365) }).default({ retentionDays: 365 }),
});

export type TenantConfig = z.output<typeof tenantConfigSchema>;
export type TenantConfigInput = z.input<typeof tenantConfigSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type RoutingRule = z.output<typeof routingRuleSchema>;
export type PolicyRule = z.output<typeof policyRuleSchema>;

/** The environment of an alert with these labels: the first rule that matches, else production. */
export function environmentOf(labels: Labels, environments: TenantConfig['environments']): { environment: Environment; reason: string } {
  for (const [index, rule] of environments.rules.entries()) {
    if (matchesAll(compiled(rule.matchers), labels)) {
      return { environment: rule.environment, reason: `environment rule ${index + 1} (${rule.matchers.join(', ')})` };
    }
  }
  return { environment: 'production', reason: 'no environment rule matched' };
}

/** The configuration of a tenant that has none. */
export const DEFAULT_TENANT_CONFIG: TenantConfig = tenantConfigSchema.parse({});

/** Whether a destination may be called: the reason it may not, or undefined (the egress policy). */
export type DestinationCheck = (url: string) => string | undefined;

/** Every URL in a configuration that alertgate will call, with the field that holds it. */
export function destinationsOf(config: TenantConfig): { readonly field: string; readonly url: string }[] {
  return [
    ...config.providers.flatMap((provider, index) =>
      provider.baseUrl === undefined ? [] : [{ field: `providers.${index}.baseUrl`, url: provider.baseUrl }],
    ),
    ...config.notifications.targets.map((target, index) => ({ field: `notifications.targets.${index}.url`, url: target.url })),
    ...config.remediation.webhooks.map((webhook, index) => ({ field: `remediation.webhooks.${index}.url`, url: webhook.url })),
    ...(config.remediation.alertmanager === undefined
      ? []
      : [{ field: 'remediation.alertmanager.url', url: config.remediation.alertmanager.url }]),
  ];
}
