import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type AuditEvent, auditEventRefusal } from '../../domain/audit/audit-event.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import { queueUrlOf } from './queue-url.ts';

const BATCH = 10;

/** The audit FIFO queue: one message group per tenant (its chain's order), deduplicated by event id. */
export class SqsAuditLog implements AuditLog {
  readonly #client: SQSClient;
  readonly #url: () => Promise<string>;

  constructor(client: SQSClient, queueName: string) {
    this.#client = client;
    this.#url = queueUrlOf(client, queueName);
  }

  async send(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const event of events) {
      const refusal = auditEventRefusal(event);
      // A bug in the producer, not the caller's mistake nor a passing outage: it must be seen.
      if (refusal !== undefined) throw new Error(`audit event ${event.type} ${event.eventId.slice(0, 80)} cannot be chained: ${refusal}`);
    }
    const queueUrl = await this.#url();
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const output = await this.#client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((event, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(event),
            MessageGroupId: event.tenant,
            // At most 128 characters: a digest of the tenant and the event id, which any length of id
            // fits. FIFO deduplication spans the whole queue, and event ids are unique only within a
            // tenant (two tenants' alerts, incidents and approvals can share ids): without the
            // tenant, one tenant's event would silently drop another's for five minutes.
            MessageDeduplicationId: createHash('sha256').update(event.tenant).update('\0').update(event.eventId).digest('hex'),
          })),
        }),
      );
      const failed = output.Failed ?? [];
      if (failed.length > 0) {
        throw new ServiceUnavailableError(`The audit queue refused ${failed.length} event(s); nothing was lost, retry`, 5);
      }
    }
  }
}
