/**
 * Lists the audit events in the audit dead-letter queue, with why the writer could not chain
 * each, without removing them (they become visible again at once):
 *   npm run audit:dead-letters -- [--queue alertgate-<stage>-audit-dlq.fifo] [--max 100]
 * Uses the usual AWS environment (AWS_ENDPOINT_URL_SQS for the local emulator).
 */

import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describeDeadLetter } from '../shared/domain/audit/dead-letter.ts';

const { values } = parseArgs({
  options: {
    queue: { type: 'string', default: `alertgate-${process.env.STAGE ?? 'dev'}-audit-dlq.fifo` },
    max: { type: 'string', default: '100' },
  },
});
const sqs = new SQSClient({ useQueueUrlAsEndpoint: process.env.AWS_ENDPOINT_URL_SQS === undefined });
const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: values.queue }));
let listed = 0;
const max = Number(values.max);
const seen = new Set<string>();
while (listed < max) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  const fresh = Messages.filter((message) => message.MessageId !== undefined && !seen.has(message.MessageId));
  if (fresh.length === 0) break;
  for (const message of fresh) {
    seen.add(message.MessageId ?? '');
    const described = describeDeadLetter(message.Body ?? '');
    console.log(
      `${message.Attributes?.SentTimestamp ?? '?'}  ${described.tenant}  ${described.type}  ${described.eventId}\n    ${described.reason}`,
    );
    listed++;
  }
}
console.log(`${listed} dead-lettered audit event(s) in ${values.queue}`);
