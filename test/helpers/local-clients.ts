/** SDK clients pointed at the emulators the global setup started. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { type TriageMessage, triageMessageSchema } from '../../shared/domain/alerts/triage-message.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function emulators() {
  const env = inject('emulators');
  return {
    ...env,
    tables: {
      alerts: `alertgate-${env.stage}-alerts`,
      integrationKeys: `alertgate-${env.stage}-integration-keys`,
      tenantConfigs: `alertgate-${env.stage}-tenant-configs`,
      audit: `alertgate-${env.stage}-audit`,
      approvals: `alertgate-${env.stage}-approvals`,
      incidents: `alertgate-${env.stage}-incidents`,
      providerState: `alertgate-${env.stage}-provider-state`,
      stats: `alertgate-${env.stage}-stats`,
      slack: `alertgate-${env.stage}-slack`,
      learning: `alertgate-${env.stage}-learning`,
    },
    triageQueueName: `alertgate-${env.stage}-triage`,
    auditQueueName: `alertgate-${env.stage}-audit.fifo`,
    triageQueueUrl: env.queues[`alertgate-${env.stage}-triage`] ?? '',
  };
}

export function localDynamo(): DynamoDBDocumentClient {
  const env = emulators();
  return DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: env.endpoints.dynamodb, region: env.region, credentials }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** fauxqs serves S3 on the same endpoint as SQS. */
export function localS3(): S3Client {
  const env = inject('emulators');
  return new S3Client({ endpoint: env.endpoints.sqs, region: env.region, credentials, forcePathStyle: true });
}

export function localSqs(): SQSClient {
  const env = emulators();
  return new SQSClient({ endpoint: env.endpoints.sqs, region: env.region, credentials, useQueueUrlAsEndpoint: false });
}

export interface ReceivedMessage {
  readonly body: TriageMessage;
  readonly attributes: Record<string, string | undefined>;
}

/** Drains the triage queue, deleting what it reads, and returns the messages of one tenant. */
export async function drainTriageQueue(sqs: SQSClient, tenant: string): Promise<ReceivedMessage[]> {
  const queueUrl = emulators().triageQueueUrl;
  const received: ReceivedMessage[] = [];
  for (;;) {
    const output = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }),
    );
    const messages = output.Messages ?? [];
    if (messages.length === 0) break;
    for (const message of messages) {
      const body = triageMessageSchema.parse(JSON.parse(message.Body ?? '{}'));
      const attributes = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
      if (body.tenant === tenant) received.push({ body, attributes });
    }
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })),
      }),
    );
  }
  return received;
}

let tenantCounter = 0;
/** A tenant nobody else in the run uses, so tests never see each other's data. */
export function freshTenant(label: string): string {
  tenantCounter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${tenantCounter}`;
}
