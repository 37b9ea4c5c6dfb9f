/** Approving from Slack, wired: the interactivity endpoint. */
import { DynamoSlackTeams } from '../../adapters/dynamodb/dynamo-slack-teams.ts';
import { createApiKeyResolver } from '../../adapters/secrets/api-keys.ts';
import { SqsSlackClickQueue } from '../../adapters/sqs/sqs-slack-click-queue.ts';
import type { ReceiveInteractionDeps } from '../../app/slack/receive-interaction.ts';
import { dynamodb, sqs } from './aws.ts';
import { api, tenantSecretSessions } from './parts.ts';

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
