import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsEventSources } from '../../scripts/local/sqs-event-source.ts';
import type { StepFunctionsEndpoint } from '../../scripts/local/step-functions/server.ts';
import { DynamoAlertStore } from '../../shared/adapters/dynamodb/dynamo-alert-store.ts';
import { DynamoIncidentStore } from '../../shared/adapters/dynamodb/dynamo-incident-store.ts';
import { DynamoTargetStore } from '../../shared/adapters/dynamodb/dynamo-target-store.ts';
import { DynamoTenantConfigStore } from '../../shared/adapters/dynamodb/dynamo-tenant-config-store.ts';
import { SqsAuditLog } from '../../shared/adapters/sqs/sqs-audit-log.ts';
import { SqsTriageQueue } from '../../shared/adapters/sqs/sqs-triage-queue.ts';
import { ingestAlerts } from '../../shared/app/ingest/ingest-alerts.ts';
import { PARSERS } from '../../shared/app/ingest/sources/index.ts';
import { cachedTenantConfigs } from '../../shared/app/tenants/cached-tenant-configs.ts';
import { triageAlert } from '../../shared/app/triage/triage-alert.ts';
import type { TriageMessage } from '../../shared/domain/alerts/triage-message.ts';
import { keylessStep } from '../../shared/domain/triage/keyless/keyless-step.ts';
import { sampleEvent } from '../helpers/events.ts';
import { emulators, freshTenant, localDynamo, localSqs } from '../helpers/local-clients.ts';
import { startRemediationEndpoint } from '../helpers/remediation-endpoint.ts';
import { eventually } from '../support/eventually.ts';
import { recordingLog } from '../support/recording-log.ts';

const env = emulators();
const sqs = localSqs();
const alerts = new DynamoAlertStore(localDynamo(), env.tables.alerts);
const deps = {
  alerts,
  queue: new SqsTriageQueue(sqs, env.triageQueueName),
  audit: new SqsAuditLog(sqs, env.auditQueueName),
  configOf: cachedTenantConfigs(new DynamoTenantConfigStore(localDynamo(), env.tables.tenantConfigs)),
  steps: [keylessStep],
  incidents: new DynamoIncidentStore(localDynamo(), env.tables.incidents),
  targets: new DynamoTargetStore(localDynamo(), env.tables.incidents),
  log: recordingLog(),
};

/** Stores a real alert and returns the triage message ingestion would have queued for it. */
async function storedAlert(tenant: string): Promise<TriageMessage> {
  const parsed = PARSERS.alertmanager.parse(sampleEvent('alertmanager', 'firing-single'), new Date());
  const sent: TriageMessage[] = [];
  await ingestAlerts(
    {
      alerts,
      queue: {
        send: async (events, correlationId) => {
          for (const e of events) {
            sent.push({
              type: 'alert.firing',
              eventId: e.eventId,
              tenant: e.tenant,
              alertId: e.alertId,
              revision: e.revision,
              correlationId,
              sentAt: '',
            });
          }
          return { sent: events, failed: [] };
        },
      },
      audit: { send: async () => {} },
      log: recordingLog(),
    },
    tenant,
    parsed.alerts,
    'test',
    'test-sender',
  );
  const [message] = sent;
  if (message === undefined) throw new Error('nothing queued');
  return message;
}

describe('the triage consumer', () => {
  it('stores one decision when the same message is delivered twice at once', async () => {
    const message = await storedAlert(freshTenant('dup'));
    const outcomes = await Promise.all([triageAlert(deps, message), triageAlert(deps, message)]);
    expect(outcomes.map((o) => o.result).sort()).toEqual(['decided', 'duplicate']);
    const again = await triageAlert(deps, message);
    expect(again.result).toBe('duplicate');
    const stored = await alerts.get(message.tenant, message.alertId);
    expect(stored?.decision?.eventId).toBe(message.eventId);
  });

  it('ignores an event for a revision the alert has moved past', async () => {
    const message = await storedAlert(freshTenant('stale'));
    expect((await triageAlert(deps, { ...message, revision: 0, eventId: 'old' })).result).toBe('stale');
  });

  describe('through the SQS event source', () => {
    let queueUrl = '';
    let dlqUrl = '';
    let stop: () => Promise<void> = async () => {};
    let sfn: StepFunctionsEndpoint | undefined;
    const started: string[] = [];

    beforeAll(async () => {
      // A queue like the triage queue, but hiding failed messages for 1 s instead of 180 s.
      const name = `triage-consumer-test-${Date.now()}`;
      dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl ?? '';
      const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes
        ?.QueueArn;
      queueUrl =
        (
          await sqs.send(
            new CreateQueueCommand({
              QueueName: name,
              Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }) },
            }),
          )
        ).QueueUrl ?? '';
      // The consumer starts a remediation for the proposal it decides: a local Step Functions endpoint records the task calls.
      const endpoint = await startRemediationEndpoint(async (functionName) => {
        started.push(functionName);
        return {};
      });
      sfn = endpoint.sfn;
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_SFN: endpoint.sfn.endpoint,
        REMEDIATION_STATE_MACHINE_ARN: endpoint.stateMachineArn,
        APPROVALS_TABLE: env.tables.approvals,
        INCIDENTS_TABLE: env.tables.incidents,
        LEARNING_TABLE: env.tables.learning,
        STATS_TABLE: env.tables.stats,
        STAGE: env.stage,
        AWS_REGION: env.region,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: env.endpoints.dynamodb,
        AWS_ENDPOINT_URL_SQS: env.endpoints.sqs,
        ALERTS_TABLE: env.tables.alerts,
        TRIAGE_QUEUE_NAME: env.triageQueueName,
        AUDIT_QUEUE_NAME: env.auditQueueName,
        NOTIFICATION_RETRIES_QUEUE_NAME: `alertgate-${env.stage}-notification-retries`,
        TENANT_CONFIGS_TABLE: env.tables.tenantConfigs,
        PROVIDER_STATE_TABLE: `alertgate-${env.stage}-provider-state`,
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      });
      const { handler } = await import('../../functions/queue/triage.ts');
      const context = { functionName: 'triage', awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 } as Context;
      stop = startSqsEventSources(
        { endpoints: env.endpoints, region: env.region, queues: { [name]: queueUrl } },
        [{ functionName: 'triage', queueName: name, batchSize: 10 }],
        (_, event: SQSEvent) => handler(event, context),
      );
    });

    afterAll(async () => {
      await stop();
      await sfn?.stop();
    });

    it('decides the good message of a batch and dead-letters the poison one after 5 receives', async () => {
      const good = await storedAlert(freshTenant('batch'));
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(good) }));
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"type":"alert.firing","tenant":' }));

      const dead = await eventually(
        'the malformed message in the DLQ',
        async () => {
          const output = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
          );
          const messages = (output.Messages ?? []).map((m) => ({ body: m.Body, receives: Number(m.Attributes?.ApproximateReceiveCount) }));
          return messages.length === 0 ? undefined : messages;
        },
        { interval: 500 },
      );
      expect(dead.map((m) => m.body)).toEqual(['{"type":"alert.firing","tenant":']);
      // Tried maxReceiveCount (5) times before the move (reading it from the DLQ counts once more).
      expect(dead[0]?.receives).toBeGreaterThan(5);
      expect((await alerts.get(good.tenant, good.alertId))?.decision?.eventId).toBe(good.eventId);
      // Its proposal (restart the crash-looping pod, needing approval) started the remediation workflow.
      expect(started).toContain('request-approval');
      const left = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(left.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    });
  });
});
