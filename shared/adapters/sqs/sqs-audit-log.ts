import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type AuditEvent, auditEventRefusal } from '../../domain/audit/audit-event.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import { GroupCommit } from '../group-commit.ts';
import { queueUrlOf } from './queue-url.ts';

/** SendMessageBatch takes ten messages. */
const BATCH = 10;

/** A batch's messages together: SQS takes 256 KiB; an audit event is at most 32 KiB. */
const MAX_BATCH_BYTES = 250_000;

/** Sends of this many callers at most go out together. */
const MAX_SENDS_TOGETHER = 10;

interface Entry {
  readonly send: number;
  readonly event: AuditEvent;
  readonly body: string;
}

/** The next batch: up to ten messages, within SQS's size for a batch. */
function nextBatch(waiting: readonly Entry[]): readonly Entry[] {
  let bytes = 0;
  let taken = 0;
  for (const entry of waiting) {
    const size = Buffer.byteLength(entry.body);
    if (taken === BATCH || (taken > 0 && bytes + size > MAX_BATCH_BYTES)) break;
    bytes += size;
    taken++;
  }
  return waiting.slice(0, taken);
}

/**
 * The audit FIFO queue: one message group per tenant (its chain's order), deduplicated by event
 * id. Sends made together (the records of one triage batch, each with its own events) go out in
 * shared batches of ten, each billed as one request, rather than one batch per caller; each
 * caller still hears whether its own events were taken.
 */
export class SqsAuditLog implements AuditLog {
  readonly #client: SQSClient;
  readonly #url: () => Promise<string>;
  readonly #sends = new GroupCommit<readonly AuditEvent[], void>((sends) => this.#sendTogether(sends), MAX_SENDS_TOGETHER);

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
    // Per tenant (the first event's): one tenant's slow batch holds up no other's.
    await this.#sends.submit(events[0]?.tenant ?? '', events);
  }

  /**
   * Each send's events in order; once one of its batches fails, its later batches are not sent
   * (the caller retries them all, and the queue drops the repeats of those that went). As before
   * batches were shared, the entries of a batch beside a refused one do go.
   */
  async #sendTogether(sends: readonly (readonly AuditEvent[])[]): Promise<PromiseSettledResult<void>[]> {
    const queueUrl = await this.#url();
    const failed = new Map<number, unknown>();
    const refused = new Map<number, number>();
    let waiting: readonly Entry[] = sends.flatMap((events, send) => events.map((event) => ({ send, event, body: JSON.stringify(event) })));
    while (waiting.length > 0) {
      const batch = nextBatch(waiting);
      try {
        const output = await this.#client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map(({ event, body }, index) => ({
              Id: String(index),
              MessageBody: body,
              MessageGroupId: event.tenant,
              // At most 128 characters: a digest of the tenant and the event id, which any length of id
              // fits. FIFO deduplication spans the whole queue, and event ids are unique only within a
              // tenant (two tenants' alerts, incidents and approvals can share ids): without the
              // tenant, one tenant's event would silently drop another's for five minutes.
              MessageDeduplicationId: createHash('sha256').update(event.tenant).update('\0').update(event.eventId).digest('hex'),
            })),
          }),
        );
        for (const { Id } of output.Failed ?? []) {
          const send = batch[Number(Id)]?.send;
          if (send !== undefined) refused.set(send, (refused.get(send) ?? 0) + 1);
        }
      } catch (error: unknown) {
        for (const { send } of batch) if (!failed.has(send)) failed.set(send, error);
      }
      waiting = waiting.slice(batch.length).filter(({ send }) => !failed.has(send) && !refused.has(send));
    }
    return sends.map((_, send): PromiseSettledResult<void> => {
      const count = refused.get(send);
      if (failed.has(send)) return { status: 'rejected', reason: failed.get(send) };
      if (count === undefined) return { status: 'fulfilled', value: undefined };
      return {
        status: 'rejected',
        reason: new ServiceUnavailableError(`The audit queue refused ${count} event(s); nothing was lost, retry`, 5),
      };
    });
  }
}
