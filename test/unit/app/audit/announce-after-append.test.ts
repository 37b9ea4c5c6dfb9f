/**
 * The audit writer tells consoles of a tenant's changes only once its events are in the chain,
 * and a failing or hanging WebSocket API never costs an audit event a redelivery.
 */
import { describe, expect, it, vi } from 'vitest';
import { appendAuditBatch } from '../../../../shared/app/audit/append-audit-batch.ts';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import type { AuditStore, ChainHead } from '../../../../shared/domain/audit/audit-store.ts';
import { DEFAULT_TENANT_CONFIG } from '../../../../shared/domain/tenants/tenant-config.ts';

/** A chain per tenant in memory; `broken` tenants' appends fail. */
function store(broken: ReadonlySet<string> = new Set()): AuditStore {
  const heads = new Map<string, ChainHead>();
  const ids = new Map<string, number>();
  const unused = () => {
    throw new Error('not used here');
  };
  return {
    head: async (tenant) => heads.get(tenant),
    settle: async (tenant) => heads.get(tenant),
    seqsOf: async (tenant, eventIds) =>
      new Map(eventIds.flatMap((id) => (ids.has(`${tenant}\0${id}`) ? [[id, ids.get(`${tenant}\0${id}`) ?? 0]] : []))),
    append: async (entries) => {
      const last = entries.at(-1);
      if (last === undefined) return 'appended';
      if (broken.has(last.tenant)) throw new Error('DynamoDB is down');
      for (const entry of entries) ids.set(`${entry.tenant}\0${entry.eventId}`, entry.seq);
      heads.set(last.tenant, { seq: last.seq, hash: last.hash });
      return 'appended';
    },
    entries: unused,
    list: unused,
    heads: unused,
  };
}

function message(tenant: string, n: number, type: AuditEvent['type'] = 'alert.received') {
  const event: AuditEvent = {
    eventId: `${tenant}-${n}`,
    tenant,
    time: '2026-12-01T03:00:00.000Z',
    type,
    actor: 'system',
    subjects: {},
    correlationId: 'c',
    data: {},
  };
  return { id: `m-${tenant}-${n}`, group: tenant, body: JSON.stringify(event) };
}

const log = { debug() {}, info() {}, warn: vi.fn(), error() {} };
const configOf = async () => DEFAULT_TENANT_CONFIG;

describe('announcing after the append', () => {
  it('announces each tenant whose events were appended, with their types, and not one whose append failed', async () => {
    const announce = vi.fn(async () => ({ sent: 1, gone: 0 }));
    const failed = await appendAuditBatch({ store: store(new Set(['globex'])), configOf, log, announce }, [
      message('acme', 1),
      message('acme', 2, 'approval.approved'),
      message('globex', 1),
    ]);
    expect(failed).toEqual(['m-globex-1']);
    expect(announce.mock.calls).toEqual([['acme', ['alert.received', 'approval.approved']]]);
  });

  it('redelivers nothing when announcing fails', async () => {
    const announce = vi.fn(async () => {
      throw new Error('GoneException storm');
    });
    expect(await appendAuditBatch({ store: store(), configOf, log, announce }, [message('acme', 1)])).toEqual([]);
  });

  it('stops waiting on a hanging WebSocket API at the deadline', async () => {
    vi.useFakeTimers();
    try {
      const announce = vi.fn(() => new Promise<{ sent: number; gone: number }>(() => {}));
      const done = appendAuditBatch({ store: store(), configOf, log, announce }, [message('acme', 1)]);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await done).toEqual([]);
      expect(log.warn).toHaveBeenCalledWith('live updates not all sent in time', { tenants: 1, deadlineMs: 2_000 });
    } finally {
      vi.useRealTimers();
    }
  });
});
