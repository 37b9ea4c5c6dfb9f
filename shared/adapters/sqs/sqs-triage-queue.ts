import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AlertEvent } from '../../domain/alerts/alert-record.ts';
import type { TriageMessage } from '../../domain/alerts/triage-message.ts';
import type { SendResult, TriageQueue } from '../../domain/alerts/triage-queue.ts';
import { logger } from '../observability.ts';
import { queueUrlOf } from './queue-url.ts';

const BATCH = 10;

function messageBody(event: AlertEvent, correlationId: string, sentAt: string): TriageMessage {
  return {
    type: event.kind === 'triage' ? 'alert.firing' : 'alert.resolved',
    eventId: event.eventId,
    tenant: event.tenant,
    alertId: event.alertId,
    revision: event.revision,
    correlationId,
    sentAt,
  };
}

/** The triage queue on SQS: SendMessageBatch in tens, tenant and correlation id as attributes. */
export class SqsTriageQueue implements TriageQueue {
  readonly #client: SQSClient;
  readonly #url: () => Promise<string>;

  constructor(client: SQSClient, queueName: string) {
    this.#client = client;
    this.#url = queueUrlOf(client, queueName);
  }

  async send(events: readonly AlertEvent[], correlationId: string): Promise<SendResult> {
    if (events.length === 0) return { sent: [], failed: [] };
    const batches: AlertEvent[][] = [];
    for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
    const results = await Promise.all(batches.map((batch) => this.#sendBatch(batch, correlationId)));
    return { sent: results.flatMap((r) => r.sent), failed: results.flatMap((r) => r.failed) };
  }

  async #sendBatch(batch: readonly AlertEvent[], correlationId: string): Promise<SendResult> {
    const sentAt = new Date().toISOString();
    try {
      const queueUrl = await this.#url();
      const output = await this.#client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((event, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(messageBody(event, correlationId, sentAt)),
            MessageAttributes: {
              tenant: { DataType: 'String', StringValue: event.tenant },
              correlationId: { DataType: 'String', StringValue: correlationId },
              eventType: { DataType: 'String', StringValue: event.kind },
            },
          })),
        }),
      );
      const failedIds = new Set((output.Failed ?? []).map((entry) => entry.Id));
      if (failedIds.size > 0) logger.warn('triage queue refused some messages', { failed: output.Failed });
      return {
        sent: batch.filter((_, index) => !failedIds.has(String(index))),
        failed: batch.filter((_, index) => failedIds.has(String(index))),
      };
    } catch (error: unknown) {
      logger.error('triage queue batch failed', { error, events: batch.length });
      return { sent: [], failed: [...batch] };
    }
  }
}
