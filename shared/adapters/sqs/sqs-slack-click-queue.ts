/** The queue of verified Slack clicks, carried out by the Slack click consumer. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SlackClick, SlackClickQueue } from '../../domain/slack/slack-click.ts';
import { queueUrlOf } from './queue-url.ts';

export class SqsSlackClickQueue implements SlackClickQueue {
  readonly #client: SQSClient;
  readonly #url: () => Promise<string>;

  constructor(client: SQSClient, queueName: string) {
    this.#client = client;
    this.#url = queueUrlOf(client, queueName);
  }

  async send(click: SlackClick): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: await this.#url(),
        MessageBody: JSON.stringify(click),
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: click.tenant },
          correlationId: { DataType: 'String', StringValue: click.correlationId },
        },
      }),
    );
  }
}
