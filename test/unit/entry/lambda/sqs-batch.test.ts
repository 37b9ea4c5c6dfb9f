import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { REPORT_MARGIN_MS, sqsBatch } from '../../../../shared/entry/lambda/sqs-batch.ts';

const message = z.object({ tenant: z.string(), slow: z.boolean().default(false) });

function record(id: string, body: string): SQSRecord {
  return { messageId: id, body, receiptHandle: id, attributes: {}, messageAttributes: {}, eventSource: 'aws:sqs' } as unknown as SQSRecord;
}

function context(remainingMs: number): Context {
  return {
    functionName: 'triage',
    functionVersion: '1',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:triage',
    memoryLimitInMB: '1024',
    awsRequestId: 'r1',
    getRemainingTimeInMillis: () => remainingMs,
  } as unknown as Context;
}

describe('an SQS batch shared by tenants', () => {
  it("fails only the record still running at its deadline and a poison record, never the other tenants' records", async () => {
    const done: string[] = [];
    const handler = sqsBatch(message, async ({ tenant, slow }) => {
      // A record that never finishes: a provider that hangs, a rule that would not return.
      if (slow) await new Promise(() => {});
      done.push(tenant);
    });
    const event: SQSEvent = {
      Records: [
        record('m1', JSON.stringify({ tenant: 'acme' })),
        record('m2', JSON.stringify({ tenant: 'mallory', slow: true })),
        record('m3', 'not json'),
        record('m4', JSON.stringify({ tenant: 'globex' })),
      ],
    };
    const response = await handler(event, context(REPORT_MARGIN_MS + 50));
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['m2', 'm3']);
    expect(done.sort()).toEqual(['acme', 'globex']);
  });
});
