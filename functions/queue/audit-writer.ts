import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { auditEventSchema } from '../../shared/audit/audit-event.ts';
import { logger } from '../../shared/observability.ts';
import { appendAuditEvent } from '../../shared/use-cases/append-audit-event.ts';
import { auditStore, tenantConfigs } from '../../shared/wiring.ts';

// FIFO: when a record fails, the rest of its tenant's records in the batch fail too, so the
// chain keeps the order the events were sent in.
const processor = new SqsFifoPartialProcessorAsync();

async function appendRecord(record: SQSRecord): Promise<void> {
  const event = auditEventSchema.parse(JSON.parse(record.body));
  const { audit } = await tenantConfigs()(event.tenant);
  const outcome = await appendAuditEvent(auditStore(), event, audit.retentionDays);
  logger.debug('audit event', { tenant: event.tenant, type: event.type, eventId: event.eventId, ...outcome });
}

/** Appends audit events to their tenants' hash chains. */
export const handler = middy<SQSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => processPartialResponse(event, appendRecord, processor, { context, skipGroupOnError: true }));
