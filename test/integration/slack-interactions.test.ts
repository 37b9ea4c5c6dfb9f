/** A verified Slack click on the emulators: the workspace register on DynamoDB Local, the click on the SQS queue. */
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { DynamoSlackTeams } from '../../shared/adapters/dynamodb/dynamo-slack-teams.ts';
import { SqsSlackClickQueue } from '../../shared/adapters/sqs/sqs-slack-click-queue.ts';
import { receiveInteraction } from '../../shared/app/slack/receive-interaction.ts';
import { slackClickSchema } from '../../shared/domain/slack/slack-click.ts';
import { encodeButtonValue } from '../../shared/domain/slack/slack-interaction.ts';
import { DEFAULT_TENANT_CONFIG } from '../../shared/domain/tenants/tenant-config.ts';
import { emulators, freshTenant, localDynamo, localSqs } from '../helpers/local-clients.ts';
import { clickBody, signedHeaders } from '../helpers/slack.ts';

const env = emulators();
const teams = new DynamoSlackTeams(localDynamo(), env.tables.slack);
const queueName = `alertgate-${env.stage}-slack-clicks`;

describe('Slack clicks on the emulators', () => {
  it('keeps a workspace to its first tenant until it lets go', async () => {
    const [a, b] = [freshTenant('slack-a'), freshTenant('slack-b')];
    const team = `T0${Date.now().toString(36).toUpperCase()}`;
    expect(await teams.claim(team, a)).toBe('claimed');
    expect(await teams.claim(team, a)).toBe('claimed');
    expect(await teams.claim(team, b)).toBe('taken');
    await teams.release(team, b);
    expect(await teams.tenantOf(team)).toBe(a);
    await teams.release(team, a);
    expect(await teams.claim(team, b)).toBe('claimed');
  });

  it('queues a verified click for the tenant that holds the workspace', async () => {
    const tenant = freshTenant('slack-click');
    const team = `T1${Date.now().toString(36).toUpperCase()}`;
    await teams.claim(team, tenant);
    const slack = {
      teamId: team,
      signingSecretRef: 'env:ALERTGATE_SLACK_SIGNING_SECRET',
      botTokenRef: 'env:ALERTGATE_SLACK_BOT_TOKEN',
      channels: { default: 'C0APPROVALS', byTeam: {} },
      stepUpRisks: ['high' as const, 'critical' as const],
    };
    const sqs = localSqs();
    const body = clickBody({ teamId: team, userId: 'U0ALICE', value: encodeButtonValue({ approvalId: 'ap9', hash: 'fedcba9876543210' }) });
    const headers = signedHeaders(body, 'integration-secret');
    const outcome = await receiveInteraction(
      {
        teams,
        configOf: async () => ({ ...DEFAULT_TENANT_CONFIG, slack }),
        secretOf: async () => 'integration-secret',
        clicks: new SqsSlackClickQueue(sqs, queueName),
        slack: { openView: async () => {} },
      },
      {
        rawBody: body,
        timestamp: headers['x-slack-request-timestamp'],
        signature: headers['x-slack-signature'],
        sourceIp: undefined,
        correlationId: 'c',
      },
    );
    expect(outcome).toBe('accepted');
    const queueUrl = env.queues[queueName] ?? '';
    const found = [];
    for (let i = 0; i < 5 && found.length === 0; i++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      found.push(
        ...Messages.map((message) => slackClickSchema.parse(JSON.parse(message.Body ?? '{}'))).filter((click) => click.tenant === tenant),
      );
    }
    expect(found).toEqual([expect.objectContaining({ tenant, teamId: team, userId: 'U0ALICE', approvalId: 'ap9', action: 'approve' })]);
  });
});
