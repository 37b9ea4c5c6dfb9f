/** Approving from Slack, wired: the interactivity endpoint. */

import { DynamoRateLimiter } from '../../adapters/dynamodb/dynamo-rate-limiter.ts';
import { DynamoSlackClicksDone } from '../../adapters/dynamodb/dynamo-slack-clicks-done.ts';
import { DynamoSlackLinks } from '../../adapters/dynamodb/dynamo-slack-links.ts';
import { DynamoSlackTeams } from '../../adapters/dynamodb/dynamo-slack-teams.ts';
import { logger } from '../../adapters/observability.ts';
import { createApiKeyResolver } from '../../adapters/secrets/api-keys.ts';
import { responseUrlReply } from '../../adapters/slack/slack-response-url.ts';
import { SqsSlackClickQueue } from '../../adapters/sqs/sqs-slack-click-queue.ts';
import { recordDenial } from '../../app/auth/record-denial.ts';
import type { ActOnClickDeps } from '../../app/slack/act-on-click.ts';
import type { ReceiveInteractionDeps } from '../../app/slack/receive-interaction.ts';
import { ConfigurationError, readConfig } from '../config/config.ts';
import { dynamodb, sqs } from './aws.ts';
import { outboundFetch } from './outbound.ts';
import { api, auditLog, tenantConfigs, tenantSecretSessions } from './parts.ts';
import { REMEDIATION_VARIABLES, remediationDeps } from './remediation.ts';

const SLACK_ENV_NAMES = /^ALERTGATE_SLACK_[A-Z0-9_]+$/;

/** POST /v1/integrations/slack/interactions: the workspace register, the tenant's signing secret, the click queue. */
export function slackInteractionsApi(): ReceiveInteractionDeps {
  const { config, http, configOf } = api(['SLACK_TABLE', 'SLACK_CLICKS_QUEUE_NAME', 'STAGE']);
  // Locally `env:` references, and only to the Slack app's own variables (never another secret of the process).
  const secretOf = createApiKeyResolver({
    stage: config.STAGE,
    env: process.env,
    envNames: SLACK_ENV_NAMES,
    ...tenantSecretSessions(),
  });
  return {
    teams: new DynamoSlackTeams(dynamodb(), config.SLACK_TABLE),
    configOf,
    secretOf,
    clicks: new SqsSlackClickQueue(sqs(), config.SLACK_CLICKS_QUEUE_NAME),
    ...(http.limitUnauthenticated === undefined ? {} : { countRefusal: http.limitUnauthenticated }),
    ...(http.recordDenial === undefined ? {} : { recordDenial: http.recordDenial }),
  };
}

/** The click consumer: the links, the clicks done, the replies, and the approvals as the API decides them. */
export function slackClickConsumer(): ActOnClickDeps & { readonly log: typeof logger } {
  const config = readConfig([...REMEDIATION_VARIABLES, 'SLACK_TABLE']);
  if (config.PUBLIC_BASE_URL === undefined) {
    throw new ConfigurationError('PUBLIC_BASE_URL is required: Slack replies link to the console (to link an account, to decide in it)');
  }
  const audit = auditLog(config);
  const configOf = tenantConfigs(config);
  const limiter = new DynamoRateLimiter(dynamodb(), config.PROVIDER_STATE_TABLE);
  return {
    links: new DynamoSlackLinks(dynamodb(), config.SLACK_TABLE),
    done: new DynamoSlackClicksDone(dynamodb(), config.SLACK_TABLE),
    reply: responseUrlReply(outboundFetch()),
    configOf,
    remediation: remediationDeps(config, { audit, configOf }),
    consoleBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
    recordDenial: (denial) => recordDenial({ limiter, audit }, denial),
    log: logger,
  };
}

/** The links' routes: the Slack table. */
export function slackLinksApi() {
  const { config, http } = api(['SLACK_TABLE']);
  return { http, links: new DynamoSlackLinks(dynamodb(), config.SLACK_TABLE) };
}
