/**
 * A FIFO queue's messages as Lambda's event source mapping hands a backlog to its function: up to
 * `batchSize` records of one message group, in order. fauxqs (2.4) answers a FIFO ReceiveMessage
 * with one message per group however many wait, so the project's local event source
 * (scripts/local/sqs-event-source.ts) delivers the audit queue one message per invocation, where
 * AWS would deliver ten. Here each message is received and deleted on its own (unlocking its
 * group for the next) and the batch then delivered at once; a record the function reports failed
 * is the caller's to treat as an error, as it is not on the queue any more.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { toRecord } from '../scripts/local/sqs-event-source.ts';

/** The next batch of up to `batchSize` records of the first message group waiting, or none. */
async function nextBatch(client: SQSClient, queue: { url: string; arn: string; region: string }, batchSize: number): Promise<SQSRecord[]> {
  const records: SQSRecord[] = [];
  while (records.length < batchSize) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 1, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }),
    );
    const [message] = Messages;
    if (message === undefined) break;
    // Another group's message starts a batch of its own, next time: back on the queue at once.
    if (records.length > 0 && message.Attributes?.MessageGroupId !== records[0]?.attributes.MessageGroupId) {
      await client.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle ?? '', VisibilityTimeout: 0 }),
      );
      break;
    }
    await client.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle ?? '' }));
    records.push(toRecord(message, queue.arn, queue.region));
  }
  return records;
}

/**
 * Delivers what the queue holds to `deliver`, batch by batch, until it is empty (or `maxBatches`
 * were delivered); returns how many batches that took.
 */
export async function deliverFifoBacklog(
  client: SQSClient,
  queue: { url: string; arn: string; region: string },
  batchSize: number,
  deliver: (event: SQSEvent) => Promise<unknown>,
  maxBatches = Number.POSITIVE_INFINITY,
): Promise<number> {
  let delivered = 0;
  while (delivered < maxBatches) {
    const records = await nextBatch(client, queue, batchSize);
    if (records.length === 0) break;
    await deliver({ Records: records });
    delivered++;
  }
  return delivered;
}
