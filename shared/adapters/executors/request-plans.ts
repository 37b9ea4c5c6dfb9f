/**
 * What each live executor sends for an action, built without sending anything: the live
 * executors send exactly this, and the dry-run executor records exactly this. A plan that cannot
 * be built (bad params, an unconfigured target) says why.
 */
import type { StartAutomationExecutionCommandInput } from '@aws-sdk/client-ssm';
import type * as z from 'zod';
import { ACTIONS, type ActionName } from '../../domain/actions/registry.ts';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { ExecutionRequest } from '../../domain/remediation/execution.ts';
import type { RecordedRequest } from '../../domain/remediation/execution-outcome.ts';
import type { AlertmanagerTarget, RemediationConfig, RemediationWebhook, SsmTarget } from '../../domain/remediation/executor-config.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../outbound-http/webhook-signature.ts';
import { deliveryIdFor } from './delivery-id.ts';
import { redactHeaders, redactUrl } from './redaction.ts';

export type Plan<T> = { readonly ok: true; readonly plan: T } | { readonly ok: false; readonly reason: string };

/** An HTTP request to send: the real URL and headers (without secret-derived ones) and the body text. */
export interface PlannedHttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly bodyText: string;
}

export const USER_AGENT = 'alertgate';
export const DELIVERY_HEADER = 'X-Alertgate-Delivery';

/** The request as recorded in an outcome: URL credentials and secret-bearing headers redacted. */
export function recordOf(request: PlannedHttpRequest, extraHeaders: Readonly<Record<string, string>> = {}): RecordedRequest {
  return {
    method: 'POST',
    url: redactUrl(request.url),
    headers: redactHeaders({ ...request.headers, ...extraHeaders }),
    body: request.body,
  };
}

/** What a signed request's record shows for its signing headers. */
export function signingHeadersRecord(timestampSeconds: number): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(timestampSeconds), [SIGNATURE_HEADER]: 'v1=<redacted>' };
}

/** The request's params for action `name`, validated with its schema and given their defaults. */
function validParams<T>(name: ActionName, schema: z.ZodType<T>, request: ExecutionRequest): Plan<T> {
  if (request.action.name !== name) return { ok: false, reason: `this executor runs ${name}, not ${request.action.name}` };
  const result = schema.safeParse(request.action.params);
  if (result.success) return { ok: true, plan: result.data };
  const reason = result.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
  return { ok: false, reason: `invalid params for ${name}: ${reason}` };
}

/** The alert as receivers see it: identity and what a human would read, not the stored record. */
export function alertSummary(alert: AlertRecord) {
  return {
    id: alert.id,
    revision: alert.revision,
    source: alert.source,
    status: alert.status,
    name: alert.name,
    severity: alert.severity,
    summary: alert.summary,
    labels: alert.labels,
    startsAt: alert.startsAt,
    generatorUrl: alert.generatorUrl,
  };
}

// ---- invoke_webhook ---------------------------------------------------------------------------

export interface WebhookPlan extends PlannedHttpRequest {
  readonly webhook: RemediationWebhook;
  readonly deliveryId: string;
}

export function webhookPlan(request: ExecutionRequest, webhooks: readonly RemediationWebhook[]): Plan<WebhookPlan> {
  const params = validParams('invoke_webhook', ACTIONS.invoke_webhook.params, request);
  if (!params.ok) return params;
  const target = params.plan.target;
  const webhook = webhooks.find((candidate) => candidate.id === target);
  if (webhook === undefined) return { ok: false, reason: `no remediation webhook ${JSON.stringify(target)} is configured` };
  const template = params.plan.template;
  const payload = template === undefined ? {} : webhook.templates[template];
  if (payload === undefined) return { ok: false, reason: `webhook ${webhook.id} has no payload template ${JSON.stringify(template)}` };
  const deliveryId = deliveryIdFor(request);
  const body = {
    type: 'alertgate.remediation',
    deliveryId,
    tenant: request.tenant,
    approvalId: request.approvalId,
    correlationId: request.correlationId,
    requestedBy: request.requestedBy,
    action: { name: request.action.name, target: webhook.id },
    ...(template === undefined ? {} : { template }),
    payload,
    alert: alertSummary(request.alert),
  };
  const bodyText = JSON.stringify(body);
  return {
    ok: true,
    plan: {
      webhook,
      deliveryId,
      url: webhook.url,
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, [DELIVERY_HEADER]: deliveryId },
      // The recorded body is the parsed text, so it is what was sent, undefined fields dropped.
      body: JSON.parse(bodyText),
      bodyText,
    },
  };
}

// ---- silence_alert ----------------------------------------------------------------------------

export interface SilencePlan extends PlannedHttpRequest {
  readonly target: AlertmanagerTarget;
  readonly endsAt: string;
}

export const SILENCE_CREATED_BY = 'alertgate';

export function silencesUrl(baseUrl: string): string {
  // Resolved, not concatenated: a query or fragment in the base (`…?x=`) cannot swallow the path.
  const base = new URL(baseUrl);
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  return new URL('api/v2/silences', base).toString();
}

export function silencePlan(request: ExecutionRequest, target: AlertmanagerTarget | undefined, now: Date): Plan<SilencePlan> {
  const params = validParams('silence_alert', ACTIONS.silence_alert.params, request);
  if (!params.ok) return params;
  if (target === undefined) return { ok: false, reason: 'no Alertmanager is configured (remediation.alertmanager.url)' };
  // Alertmanager treats an empty label value as an absent label; it cannot anchor a silence.
  const labels = Object.entries(request.alert.labels)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (labels.length === 0) return { ok: false, reason: 'the alert has no labels to build silence matchers from' };
  const { minutes } = params.plan;
  const comment =
    params.plan.comment !== undefined && params.plan.comment.trim() !== '' ? params.plan.comment : `alertgate: ${request.alert.name}`;
  const reference = [
    request.approvalId === undefined ? undefined : `approval ${request.approvalId}`,
    `alert ${request.alert.id}`,
    `requested by ${request.requestedBy}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  const endsAt = new Date(now.getTime() + minutes * 60_000).toISOString();
  const body = {
    matchers: labels.map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
    startsAt: now.toISOString(),
    endsAt,
    createdBy: SILENCE_CREATED_BY,
    comment: `${comment} (${reference})`,
  };
  return {
    ok: true,
    plan: {
      target,
      endsAt,
      url: silencesUrl(target.url),
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': USER_AGENT,
        ...(target.authorization === undefined ? {} : { authorization: `${target.authorization.type} <redacted>` }),
      },
      body,
      bodyText: JSON.stringify(body),
    },
  };
}

// ---- run_ssm_automation -----------------------------------------------------------------------

export interface SsmPlan {
  readonly region: string;
  readonly roleArn: string;
  readonly input: StartAutomationExecutionCommandInput;
  readonly record: RecordedRequest;
}

const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

export function ssmRegion(target: SsmTarget | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return target?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/** Where the SDK sends SSM calls: AWS_ENDPOINT_URL_SSM (or AWS_ENDPOINT_URL) when set, like the SDK itself. */
export function ssmEndpoint(region: string, env: Readonly<Record<string, string | undefined>>): string {
  const configured = env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL;
  if (configured !== undefined && configured !== '') return configured.replace(/\/+$/, '');
  return `https://ssm.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

export function ssmPlan(
  request: ExecutionRequest,
  target: SsmTarget | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Plan<SsmPlan> {
  const params = validParams('run_ssm_automation', ACTIONS.run_ssm_automation.params, request);
  if (!params.ok) return params;
  // Without a role in the tenant's account, the automation would run in alertgate's own account.
  if (target?.roleArn === undefined) return { ok: false, reason: 'no role to run SSM automation with (remediation.ssm.roleArn)' };
  const { documentName, parameters } = params.plan;
  if (target.allowedDocuments === undefined || target.allowedDocuments.length === 0) {
    return { ok: false, reason: 'no SSM document may run: list them in remediation.ssm.allowedDocuments' };
  }
  if (!target.allowedDocuments.includes(documentName)) {
    return { ok: false, reason: `SSM document ${JSON.stringify(documentName)} is not in remediation.ssm.allowedDocuments` };
  }
  const tags = [
    { Key: 'alertgate:tenant', Value: request.tenant },
    { Key: 'alertgate:approval', Value: request.approvalId ?? '' },
    { Key: 'alertgate:alert', Value: request.alert.id },
  ].filter((tag) => TAG_VALUE.test(tag.Value));
  const input: StartAutomationExecutionCommandInput = {
    DocumentName: documentName,
    Parameters: parameters,
    ClientToken: deliveryIdFor(request),
    Tags: tags,
  };
  const region = ssmRegion(target, env);
  return {
    ok: true,
    plan: {
      region,
      roleArn: target.roleArn,
      input,
      record: {
        method: 'POST',
        url: `${redactUrl(ssmEndpoint(region, env))}`,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.StartAutomationExecution' },
        body: input,
      },
    },
  };
}

/** The plan-building part of a tenant's config each executor needs. */
export type PlanConfig = Pick<RemediationConfig, 'webhooks' | 'alertmanager' | 'ssm'>;
