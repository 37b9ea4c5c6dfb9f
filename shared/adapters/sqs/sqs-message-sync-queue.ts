/**
 * The FIFO queue of Slack message syncs: one message group per approval, so its message is
 * posted once and then updated in the order the changes happened; deduplicated by the audit
 * event that caused each sync.
 */
import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageSync, MessageSyncQueue } from '../../domain/slack/slack-messages.ts';
import { queueUrlOf } from './queue-url.ts';

const BATCH = 10;
const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

export class SqsMessageSyncQueue implements MessageSyncQueue {
  readonly #client: SQSClient;
  readonly #url: () => Promise<string>;

  constructor(client: SQSClient, queueName: string) {
    this.#client = client;
    this.#url = queueUrlOf(client, queueName);
  }

  async send(jobs: readonly MessageSync[]): Promise<void> {
    const queueUrl = await this.#url();
    for (let i = 0; i < jobs.length; i += BATCH) {
      const output = await this.#client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: jobs.slice(i, i + BATCH).map((job, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(job),
            // At most 128 characters: digests, whatever the ids' lengths.
            MessageGroupId: digest(job.tenant, job.approvalId),
            MessageDeduplicationId: digest(job.tenant, job.eventId),
          })),
        }),
      );
      if ((output.Failed ?? []).length > 0) throw new Error(`${output.Failed?.length} Slack message syncs were not queued`);
    }
  }
}
