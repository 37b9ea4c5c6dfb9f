/**
 * The audit queue is FIFO, and FIFO deduplication spans the whole queue: on fauxqs, two tenants'
 * events with the same id (the same alert sent to both, incidents of the same group) both arrive,
 * while the same tenant's event sent twice arrives once.
 */
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsAuditLog } from '../../shared/adapters/sqs/sqs-audit-log.ts';
import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import { freshTenant, localSqs } from '../helpers/local-clients.ts';

const event = (tenant: string): AuditEvent => ({
  eventId: 'in-0123456789abcdef0123-1:opened',
  tenant,
  time: '2026-12-01T03:00:00.000Z',
  type: 'incident.opened',
  actor: 'system',
  subjects: { incidentId: 'in-0123456789abcdef0123-1' },
  correlationId: 'c1',
  data: {},
});

describe('the audit queue', () => {
  it("keeps two tenants' events that share an id, and drops a tenant's repeat", async () => {
    const sqs = localSqs();
    const name = `${freshTenant('dedupe')}.fifo`;
    const created = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' } }),
    );
    const log = new SqsAuditLog(sqs, name);
    const [a, b] = [freshTenant('a'), freshTenant('b')];
    await log.send([event(a)]);
    await log.send([event(b)]);
    await log.send([event(a)]);
    const tenants: string[] = [];
    for (let round = 0; round < 5; round++) {
      const output = await sqs.send(new ReceiveMessageCommand({ QueueUrl: created.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const message of output.Messages ?? []) tenants.push((JSON.parse(message.Body ?? '{}') as AuditEvent).tenant);
    }
    expect(tenants.sort()).toEqual([a, b].sort());
  });
});
