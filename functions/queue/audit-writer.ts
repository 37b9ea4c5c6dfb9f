import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/adapters/observability.ts';
import { appendAuditEvents } from '../../shared/app/audit/append-audit-event.ts';
import { type AuditEvent, auditEventSchema } from '../../shared/domain/audit/audit-event.ts';
import { auditStore, tenantConfigs } from '../../shared/entry/wiring.ts';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A tenant's records of the batch, in FIFO order, parsed up to the first unreadable one. */
function groupsOf(records: readonly SQSRecord[]) {
  const groups = new Map<string, { events: AuditEvent[]; records: SQSRecord[]; unreadableFrom?: number }>();
  for (const record of records) {
    const tenant = record.attributes.MessageGroupId ?? 'unknown';
    const group = groups.get(tenant) ?? { events: [], records: [] };
    groups.set(tenant, group);
    group.records.push(record);
    if (group.unreadableFrom !== undefined) continue;
    const parsed = auditEventSchema.safeParse(parseJson(record.body));
    if (parsed.success && parsed.data.tenant === tenant) group.events.push(parsed.data);
    else group.unreadableFrom = group.records.length - 1;
  }
  return groups;
}

/**
 * Appends each tenant's events of the batch to its hash chain, in order, a transaction per chunk.
 * FIFO: when a tenant's records fail, they all fail from the first failing one on, so the chain
 * keeps the order the events were sent in; other tenants' records are unaffected.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const failures: string[] = [];
    for (const [tenant, group] of groupsOf(event.Records)) {
      try {
        const { audit } = await tenantConfigs()(tenant);
        const result = await appendAuditEvents(auditStore(), group.events, audit.retentionDays);
        logger.debug('audit events appended', { tenant, ...result });
        if (group.unreadableFrom !== undefined) {
          logger.error('unreadable audit event: it and the rest of its group go back to the queue', { tenant });
          failures.push(...group.records.slice(group.unreadableFrom).map((record) => record.messageId));
        }
      } catch (error: unknown) {
        logger.error('audit append failed', { tenant, error });
        failures.push(...group.records.map((record) => record.messageId));
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  });
