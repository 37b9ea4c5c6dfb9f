import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { appendAuditBatch } from '../../shared/app/audit/append-audit-batch.ts';
import { auditWriter } from '../../shared/entry/compose/audit.ts';
import { observed } from '../../shared/entry/lambda/observed.ts';

const deps = auditWriter();

/**
 * The FIFO audit queue: each tenant's events appended to its hash chain in order. Not Powertools'
 * FIFO processor: a tenant's events of a batch go into one transaction per chunk, not one by one.
 */
export const handler = observed<SQSEvent, SQSBatchResponse>().handler(async (event) => {
  const messages = event.Records.map((record) => ({ id: record.messageId, group: record.attributes.MessageGroupId, body: record.body }));
  const failed = await appendAuditBatch(deps, messages);
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
});
