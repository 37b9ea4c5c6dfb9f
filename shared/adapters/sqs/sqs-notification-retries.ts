/** Notifications waiting to be sent again: a standard queue, each message delayed (at most 15 minutes). */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { NotificationRetries, NotificationRetry } from '../../domain/notifications/notification-retry.ts';
import { queueUrlOf } from './queue-url.ts';

const MAX_DELAY_SECONDS = 900;

export class SqsNotificationRetries implements NotificationRetries {
  readonly #client: SQSClient;
  readonly #url: () => Promise<string>;

  constructor(client: SQSClient, queueName: string) {
    this.#client = client;
    this.#url = queueUrlOf(client, queueName);
  }

  async schedule(retry: NotificationRetry, delaySeconds: number): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: await this.#url(),
        MessageBody: JSON.stringify(retry),
        DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(delaySeconds))),
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: retry.tenant },
          correlationId: { DataType: 'String', StringValue: retry.correlationId },
        },
      }),
    );
  }
}
