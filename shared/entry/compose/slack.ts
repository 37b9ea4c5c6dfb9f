/** Approving from Slack, wired: the interactivity endpoint. */

import { DynamoApprovalStore } from '../../adapters/dynamodb/dynamo-approval-store.ts';
import { DynamoIncidentStore } from '../../adapters/dynamodb/dynamo-incident-store.ts';
import { DynamoRateLimiter } from '../../adapters/dynamodb/dynamo-rate-limiter.ts';
import { DynamoSlackClicksDone } from '../../adapters/dynamodb/dynamo-slack-clicks-done.ts';
import { DynamoSlackLinks } from '../../adapters/dynamodb/dynamo-slack-links.ts';
import { DynamoSlackMessageRefs } from '../../adapters/dynamodb/dynamo-slack-message-refs.ts';
import { DynamoSlackTeams } from '../../adapters/dynamodb/dynamo-slack-teams.ts';
import { logger } from '../../adapters/observability.ts';
import { createApiKeyResolver } from '../../adapters/secrets/api-keys.ts';
import { responseUrlReply } from '../../adapters/slack/slack-response-url.ts';
import { slackWebApi } from '../../adapters/slack/slack-web-api.ts';
import { SqsSlackClickQueue } from '../../adapters/sqs/sqs-slack-click-queue.ts';
import { recordDenial } from '../../app/auth/record-denial.ts';
import type { ActOnClickDeps } from '../../app/slack/act-on-click.ts';
import type { ReceiveInteractionDeps } from '../../app/slack/receive-interaction.ts';
import type { SyncMessageDeps } from '../../app/slack/sync-approval-message.ts';
import type { SlackReply } from '../../domain/slack/slack-click.ts';
import { ConfigurationError, readConfig } from '../config/config.ts';
import { dynamodb, sqs } from './aws.ts';
import { outboundFetch } from './outbound.ts';
import { api, auditLog, currentTenantConfigs, tenantConfigs, tenantSecretSessions } from './parts.ts';
import { REMEDIATION_VARIABLES, remediationDeps } from './remediation.ts';

const SLACK_ENV_NAMES = /^ALERTGATE_SLACK_[A-Z0-9_]+$/;

function slackSecrets(stage: string) {
  // Locally `env:` references, and only to the Slack app's own variables (never another secret of the process).
  return createApiKeyResolver({ stage, env: process.env, envNames: SLACK_ENV_NAMES, ...tenantSecretSessions() });
}

/** POST /v1/integrations/slack/interactions: the workspace register, the tenant's signing secret, the click queue. */
export function slackInteractionsApi(): ReceiveInteractionDeps {
  const { config, http, configOf } = api(['SLACK_TABLE', 'SLACK_CLICKS_QUEUE_NAME', 'STAGE', 'SLACK_API_URL']);
  const secretOf = slackSecrets(config.STAGE);
  return {
    teams: new DynamoSlackTeams(dynamodb(), config.SLACK_TABLE),
    configOf,
    secretOf,
    clicks: new SqsSlackClickQueue(sqs(), config.SLACK_CLICKS_QUEUE_NAME),
    slack: slackWebApi({ apiUrl: config.SLACK_API_URL, fetch: outboundFetch() }),
    log: logger,
    ...(http.limitUnauthenticated === undefined ? {} : { countRefusal: http.limitUnauthenticated }),
    ...(http.recordDenial === undefined ? {} : { recordDenial: http.recordDenial }),
  };
}

/** The click consumer: the links, the clicks done, the replies, and the approvals as the API decides them. */
export function slackClickConsumer(): ActOnClickDeps & { readonly log: typeof logger } {
  const config = readConfig([...REMEDIATION_VARIABLES, 'SLACK_TABLE', 'SLACK_API_URL', 'SLACK_RESPONSE_URL_PREFIX']);
  if (config.PUBLIC_BASE_URL === undefined) {
    throw new ConfigurationError('PUBLIC_BASE_URL is required: Slack replies link to the console (to link an account, to decide in it)');
  }
  const audit = auditLog(config);
  // As stored now, not from the 30 s cache: a tenant raising its step-up risks takes effect at once.
  const configOf = currentTenantConfigs(config);
  const limiter = new DynamoRateLimiter(dynamodb(), config.PROVIDER_STATE_TABLE);
  const slack = slackWebApi({ apiUrl: config.SLACK_API_URL, fetch: outboundFetch() });
  const secretOf = slackSecrets(config.STAGE);
  // A modal's submission has no response_url: the reply then goes by chat.postEphemeral, with the bot token.
  const ephemeral: SlackReply = async (click, text) => {
    const app = (await configOf(click.tenant)).slack;
    if (app === undefined) return;
    await slack.postEphemeral(await secretOf(click.tenant, app.botTokenRef), click.channelId, click.userId, text);
  };
  return {
    links: new DynamoSlackLinks(dynamodb(), config.SLACK_TABLE),
    done: new DynamoSlackClicksDone(dynamodb(), config.SLACK_TABLE),
    reply: responseUrlReply(outboundFetch(), ephemeral, config.SLACK_RESPONSE_URL_PREFIX),
    refs: new DynamoSlackMessageRefs(dynamodb(), config.SLACK_TABLE),
    configOf,
    remediation: remediationDeps(config, { audit, configOf }),
    consoleBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
    recordDenial: (denial) => recordDenial({ limiter, audit }, denial),
    log: logger,
  };
}

/** The links' routes: the Slack table. */
export function slackLinksApi() {
  const { config, http, audit } = api(['SLACK_TABLE']);
  return { http, audit, links: new DynamoSlackLinks(dynamodb(), config.SLACK_TABLE) };
}

/** The message sync consumer: approvals and incidents to read, the bot token, Slack's Web API. */
export function slackMessageSync(): SyncMessageDeps & { readonly log: typeof logger } {
  const config = readConfig([
    'STAGE',
    'APPROVALS_TABLE',
    'INCIDENTS_TABLE',
    'TENANT_CONFIGS_TABLE',
    'SLACK_TABLE',
    'SLACK_API_URL',
    'PUBLIC_BASE_URL',
  ]);
  if (config.PUBLIC_BASE_URL === undefined) {
    throw new ConfigurationError('PUBLIC_BASE_URL is required: Slack messages link to the approval in the console');
  }
  return {
    approvals: new DynamoApprovalStore(dynamodb(), config.APPROVALS_TABLE),
    incidents: new DynamoIncidentStore(dynamodb(), config.INCIDENTS_TABLE),
    configOf: tenantConfigs(config),
    secretOf: slackSecrets(config.STAGE),
    refs: new DynamoSlackMessageRefs(dynamodb(), config.SLACK_TABLE),
    slack: slackWebApi({ apiUrl: config.SLACK_API_URL, fetch: outboundFetch() }),
    consoleBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
    log: logger,
  };
}
