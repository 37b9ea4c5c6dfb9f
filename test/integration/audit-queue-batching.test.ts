/**
 * Audit sends made together share SendMessageBatch requests on fauxqs (each billed as one SQS
 * request), and every caller's events arrive, each caller's in its order.
 */
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsAuditLog } from '../../shared/adapters/sqs/sqs-audit-log.ts';
import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import { freshTenant, localSqs } from '../helpers/local-clients.ts';
import { decidedEvent } from '../support/audit-fixtures.ts';

const event = decidedEvent;

describe('the audit queue, sent to by many callers at once', () => {
  it('puts their events in shared batches of ten, none lost, each caller in order', async () => {
    const sqs = localSqs();
    const batches: number[] = [];
    sqs.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Entries?: unknown[] };
        if (context.commandName === 'SendMessageBatchCommand') batches.push(input.Entries?.length ?? 0);
        return next(args);
      },
      { step: 'initialize', name: 'count-batches' },
    );
    const name = `${freshTenant('batching')}.fifo`;
    const created = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' } }),
    );
    const log = new SqsAuditLog(sqs, name);
    const tenant = freshTenant('t');
    // Ten triage records, two events each, as one batch of the consumer sends them.
    await Promise.all(Array.from({ length: 10 }, (_, n) => log.send([event(tenant, `a${n}:decided`), event(tenant, `a${n}:joined`)])));
    expect(batches).toEqual([10, 10]);

    const received: string[] = [];
    // One tenant is one message group: the next message comes once the one before is deleted.
    for (let round = 0; round < 40 && received.length < 20; round++) {
      const output = await sqs.send(new ReceiveMessageCommand({ QueueUrl: created.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const message of output.Messages ?? []) {
        received.push((JSON.parse(message.Body ?? '{}') as AuditEvent).eventId);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: created.QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
    expect([...received].sort()).toEqual(
      Array.from({ length: 10 }, (_, n) => [`a${n}:decided`, `a${n}:joined`])
        .flat()
        .sort(),
    );
    for (let n = 0; n < 10; n++) expect(received.indexOf(`a${n}:decided`)).toBeLessThan(received.indexOf(`a${n}:joined`));
  });
});
