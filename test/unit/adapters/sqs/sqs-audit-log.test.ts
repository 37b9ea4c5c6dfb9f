import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsAuditLog } from '../../../../shared/adapters/sqs/sqs-audit-log.ts';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { ServiceUnavailableError } from '../../../../shared/domain/errors.ts';
import { decidedEvent } from '../../../support/audit-fixtures.ts';

const event = (id: string) => decidedEvent('acme', id);

/** An SQS client that refuses the entries whose event id `refuse` names, and records what it was sent. */
function queue(refuse: (eventId: string) => boolean) {
  const sent: string[][] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      if (command.constructor.name === 'GetQueueUrlCommand') return { QueueUrl: 'http://queue' };
      const entries = command.input.Entries as { Id: string; MessageBody: string }[];
      const ids = entries.map((entry) => (JSON.parse(entry.MessageBody) as AuditEvent).eventId);
      sent.push(ids);
      return { Failed: entries.filter((_, i) => refuse(ids[i] ?? '')).map((entry) => ({ Id: entry.Id, Code: 'InternalError' })) };
    },
  };
  return { log: new SqsAuditLog(client as unknown as SQSClient, 'audit.fifo'), sent };
}

describe('SqsAuditLog', () => {
  it("fails only the caller whose event was refused, and sends none of that caller's later events", async () => {
    const { log, sent } = queue((id) => id === 'b1');
    const b = Array.from({ length: 12 }, (_, n) => event(`b${n}`));
    const results = await Promise.allSettled([log.send([event('a0')]), log.send(b), log.send([event('c0')])]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]?.status === 'rejected' && results[1].reason).toBeInstanceOf(ServiceUnavailableError);
    // The first batch held a0, b0…b8 (b1 refused); b9…b11 never went, c0 did.
    expect(sent).toEqual([['a0', 'b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8'], ['c0']]);
  });

  it("keeps a batch within SQS's 256 KiB, however large the events", async () => {
    const { log, sent } = queue(() => false);
    const large = (id: string) => ({ ...event(id), data: { detail: 'x'.repeat(30_000) } });
    await Promise.all([log.send([large('l0'), large('l1'), large('l2')]), log.send(Array.from({ length: 7 }, (_, n) => large(`m${n}`)))]);
    expect(sent.map((ids) => ids.length)).toEqual([8, 2]);
    expect(sent.flat()).toEqual(['l0', 'l1', 'l2', 'm0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('refuses an event the chain cannot take before sending anything', async () => {
    const { log, sent } = queue(() => false);
    await expect(log.send([{ ...event('x'), tenant: '' }])).rejects.toThrow(/cannot be chained/);
    expect(sent).toEqual([]);
  });
});
