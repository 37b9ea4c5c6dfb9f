/**
 * An SQS consumer with Lambda's partial batch responses (Powertools Batch): each message's body
 * is parsed as JSON and by its schema once, and a message that fails to parse or to process is
 * reported on its own (ReportBatchItemFailures), redelivered, and after maxReceiveCount lands in
 * the DLQ: nothing vanishes. Records run in parallel, so their keys go on each log line.
 *
 * @example
 * export const handler = sqsBatch(triageMessageSchema, (message) => handleTriageMessage(deps, message));
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { observed } from './observed.ts';

/** A body that is not JSON fails its message, not the batch. */
export function parseMessage<S extends z.ZodType>(schema: S, record: Pick<SQSRecord, 'body'>): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch (cause: unknown) {
    throw new Error('the message body is not JSON', { cause });
  }
  return schema.parse(json);
}

export function sqsBatch<S extends z.ZodType>(schema: S, processMessage: (message: z.output<S>) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  return observed<SQSEvent, SQSBatchResponse>().handler(async (event, context) =>
    processPartialResponse(event, (record: SQSRecord) => processMessage(parseMessage(schema, record)), processor, { context }),
  );
}
