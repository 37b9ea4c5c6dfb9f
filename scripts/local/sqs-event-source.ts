/**
 * The local stand-in for Lambda's SQS event source mappings: polls fauxqs for each function's
 * queue (from resources/functions.yml) and invokes the function through serverless-offline's
 * Lambda port, with the same partial-batch semantics as AWS: records named in
 * `batchItemFailures` stay on the queue (redelivered after the visibility timeout, dead-lettered
 * after maxReceiveCount), the others are deleted; a failed invocation deletes nothing.
 *
 * (serverless-offline-sqs deletes a whole batch whatever the function reports, and its SDK v2
 * client addresses the queue by its URL's host, which fauxqs's URLs make unresolvable.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { parse } from 'yaml';
import { LOCAL_CREDENTIALS } from './local-aws.ts';
import type { LocalStack } from './local-stack.ts';
import { loadResourceTemplates } from './resource-templates.ts';

export interface EventSourceMapping {
  readonly functionName: string;
  readonly queueName: string;
  readonly batchSize: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The SQS event sources declared in resources/functions.yml, with their queues' names. */
export async function sqsEventSources(root: string, stage: string, service = 'alertgate'): Promise<EventSourceMapping[]> {
  const functions: unknown = parse(readFileSync(join(root, 'resources', 'functions.yml'), 'utf8'));
  const resources = await loadResourceTemplates(root, stage);
  const mappings: EventSourceMapping[] = [];
  for (const [key, definition] of Object.entries(isRecord(functions) ? functions : {})) {
    const events = isRecord(definition) && Array.isArray(definition.events) ? definition.events : [];
    for (const event of events) {
      const sqs = isRecord(event) && isRecord(event.sqs) ? event.sqs : undefined;
      const getAtt = sqs !== undefined && isRecord(sqs.arn) ? sqs.arn['Fn::GetAtt'] : undefined;
      if (!Array.isArray(getAtt) || typeof getAtt[0] !== 'string') continue;
      const queueName = resources[getAtt[0]]?.Properties?.QueueName;
      if (typeof queueName !== 'string') throw new Error(`${key}: no queue ${getAtt[0]} in resources/sqs.yml`);
      mappings.push({ functionName: `${service}-${stage}-${key}`, queueName, batchSize: Number(sqs?.batchSize ?? 10) });
    }
  }
  return mappings;
}

/** The record Lambda would hand the function for `message`. */
export function toRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      // FIFO queues: the message group (the tenant, for the audit queue) and order.
      ...(attributes.MessageGroupId === undefined ? {} : { MessageGroupId: attributes.MessageGroupId }),
      ...(attributes.MessageDeduplicationId === undefined ? {} : { MessageDeduplicationId: attributes.MessageDeduplicationId }),
      ...(attributes.SequenceNumber === undefined ? {} : { SequenceNumber: attributes.SequenceNumber }),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { stringValue: value.StringValue, dataType: value.DataType ?? 'String' },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

function failedIds(result: unknown): Set<string> {
  if (!isRecord(result) || !Array.isArray(result.batchItemFailures)) return new Set();
  return new Set(
    result.batchItemFailures.flatMap((failure) =>
      isRecord(failure) && typeof failure.itemIdentifier === 'string' ? [failure.itemIdentifier] : [],
    ),
  );
}

/** Runs a function with an event and gives back its result; throws when the invocation failed. */
export type Invoke = (functionName: string, event: SQSEvent) => Promise<unknown>;

/** Invokes through serverless-offline's Lambda port (the AWS Lambda Invoke API). */
export function invokeThroughLambdaPort(lambdaEndpoint: string): Invoke {
  return async (functionName, event) => {
    const response = await fetch(`${lambdaEndpoint}/2015-03-31/functions/${functionName}/invocations`, {
      method: 'POST',
      body: JSON.stringify(event),
    });
    const text = await response.text();
    if (!response.ok || response.headers.get('x-amz-function-error') !== null)
      throw new Error(`${functionName} failed: ${text.slice(0, 300)}`);
    return text === '' ? undefined : JSON.parse(text);
  };
}

/** Starts one poller per mapping; returns a function that stops them all. */
export function startSqsEventSources(
  stack: Pick<LocalStack, 'endpoints' | 'region' | 'queues'>,
  mappings: readonly EventSourceMapping[],
  invoke: Invoke,
  log: (line: string) => void = () => {},
): () => Promise<void> {
  const sqs = new SQSClient({
    endpoint: stack.endpoints.sqs,
    region: stack.region,
    credentials: LOCAL_CREDENTIALS,
    useQueueUrlAsEndpoint: false,
  });
  let running = true;
  const loops = mappings.map(async (mapping) => {
    const queueUrl = stack.queues[mapping.queueName];
    if (queueUrl === undefined) throw new Error(`queue ${mapping.queueName} was not created`);
    const queueArn = `arn:aws:sqs:${stack.region}:000000000000:${mapping.queueName}`;
    while (running) {
      try {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(mapping.batchSize, 10),
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages.length === 0) continue;
        const event: SQSEvent = { Records: Messages.map((message) => toRecord(message, queueArn, stack.region)) };
        let result: unknown;
        try {
          result = await invoke(mapping.functionName, event);
        } catch (error: unknown) {
          log(
            `${Messages.length} message(s) return after the visibility timeout: ${error instanceof Error ? error.message : String(error)}`,
          );
          continue;
        }
        const failed = failedIds(result);
        const done = Messages.filter((message) => !failed.has(message.MessageId ?? ''));
        if (failed.size > 0) log(`${mapping.functionName} reported ${failed.size} failed record(s); they stay on the queue`);
        if (done.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })),
            }),
          );
        }
      } catch (error: unknown) {
        if (running) log(`polling ${mapping.queueName}: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  });
  return async () => {
    running = false;
    await Promise.allSettled(loops);
    sqs.destroy();
  };
}
