/**
 * An SQS consumer with Lambda's partial batch responses (Powertools Batch): each message's body
 * is parsed as JSON and by its schema once, and a message that fails to parse or to process is
 * reported on its own (ReportBatchItemFailures), redelivered, and after maxReceiveCount lands in
 * the DLQ: nothing vanishes. Records run in parallel, so their keys go on each log line.
 *
 * Each record also has a deadline short of the function's own timeout: a record that is still
 * running then fails alone (and is redelivered), so one slow message (one tenant's slow provider,
 * say) never times out the invocation and takes the batch's other records, other tenants'
 * included, towards the DLQ with it.
 *
 * @example
 * export const handler = sqsBatch(triageMessageSchema, (message) => handleTriageMessage(deps, message));
 */
import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
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

/** Time kept back from the function's timeout to report the batch's failures. */
export const REPORT_MARGIN_MS = 2_000;

/** A record still running at its deadline: failed on its own, redelivered later. */
export class RecordDeadlineError extends Error {
  override name = 'RecordDeadlineError';
}

async function withinDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RecordDeadlineError(`the record was still running after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function sqsBatch<S extends z.ZodType>(schema: S, processMessage: (message: z.output<S>) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  return observed<SQSEvent, SQSBatchResponse>().handler(async (event, context) => {
    const budget = Math.max(0, context.getRemainingTimeInMillis() - REPORT_MARGIN_MS);
    const processRecord = (record: SQSRecord) => withinDeadline(processMessage(parseMessage(schema, record)), budget);
    return processPartialResponse(event, processRecord, processor, { context });
  });
}

/**
 * The same for a FIFO queue whose message group is one subject (an approval's Slack message):
 * records run one after another, and once one fails the rest of its group in the batch are
 * reported too (Powertools' FIFO processor, by group), so a later change is never applied
 * before an earlier one.
 */
export function sqsFifoBatch<S extends z.ZodType>(schema: S, processMessage: (message: z.output<S>) => Promise<void>) {
  const processor = new SqsFifoPartialProcessorAsync();
  return observed<SQSEvent, SQSBatchResponse>().handler(async (event, context) => {
    const budget = Math.max(0, context.getRemainingTimeInMillis() - REPORT_MARGIN_MS);
    const processRecord = (record: SQSRecord) => withinDeadline(processMessage(parseMessage(schema, record)), budget);
    return processPartialResponse(event, processRecord, processor, { context, skipGroupOnError: true });
  });
}
