/**
 * The counters follow the audit chain: every appended entry is counted once, whatever fails or
 * is delivered twice, and a run that could not count is caught up by the next.
 */
import { describe, expect, it, vi } from 'vitest';
import { appendAuditBatch } from '../../../../shared/app/audit/append-audit-batch.ts';
import { appendAuditEvents } from '../../../../shared/app/audit/append-audit-event.ts';
import { countAuditEvents } from '../../../../shared/app/stats/count-audit-events.ts';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import { periodKey, TOTAL } from '../../../../shared/domain/stats/periods.ts';
import { MAX_PERIODS_PER_SAVE } from '../../../../shared/domain/stats/stats-store.ts';
import { DEFAULT_TENANT_CONFIG } from '../../../../shared/domain/tenants/tenant-config.ts';
import { InMemoryAuditStore } from '../../../support/in-memory/audit-store.ts';
import { InMemoryStatsStore } from '../../../support/in-memory/stats-store.ts';

function received(tenant: string, n: number, time = '2026-12-01T10:15:00.000Z'): AuditEvent {
  return {
    eventId: `${tenant}-${n}`,
    tenant,
    time,
    type: 'alert.received',
    actor: 'system',
    subjects: { alertId: `a${n}` },
    correlationId: 'c',
    data: { source: 'generic', name: 'DiskFull', severity: 'warning' },
  };
}

const log = { debug() {}, info() {}, warn() {}, error: vi.fn() };
const configOf = async () => DEFAULT_TENANT_CONFIG;

async function totalOf(stats: InMemoryStatsStore, tenant: string) {
  return (await stats.periods(tenant, [TOTAL])).get(TOTAL)?.alertsBySeverity.warning ?? 0;
}

describe('counting the audit chain', () => {
  it('counts each entry once into its hour, its day and all time, however often it runs', async () => {
    const audit = new InMemoryAuditStore();
    const stats = new InMemoryStatsStore();
    await appendAuditEvents(audit, [received('acme', 1), received('acme', 2, '2026-12-01T11:05:00.000Z')]);
    expect(await countAuditEvents({ audit, stats }, 'acme')).toEqual({ counted: 2, through: 2 });
    expect(await countAuditEvents({ audit, stats }, 'acme')).toEqual({ counted: 0, through: 2 });
    const periods = await stats.periods('acme', [
      periodKey('hour', '2026-12-01T10:00:00Z'),
      periodKey('hour', '2026-12-01T11:00:00Z'),
      periodKey('day', '2026-12-01T00:00:00Z'),
      TOTAL,
    ]);
    expect([...periods.values()].map((period) => period.alertsBySeverity.warning)).toEqual([1, 1, 2, 2]);
  });

  it("never counts one tenant's entries into another's", async () => {
    const audit = new InMemoryAuditStore();
    const stats = new InMemoryStatsStore();
    await appendAuditEvents(audit, [received('acme', 1)]);
    await appendAuditEvents(audit, [received('globex', 1), received('globex', 2)]);
    await countAuditEvents({ audit, stats }, 'acme');
    expect(await totalOf(stats, 'acme')).toBe(1);
    expect(await totalOf(stats, 'globex')).toBe(0);
  });

  it('stops a run before it would write more periods than one run may, and the next run goes on', async () => {
    const audit = new InMemoryAuditStore();
    const stats = new InMemoryStatsStore();
    // One entry an hour for 100 hours: each touches a new hour, and a new day every 24.
    const events = Array.from({ length: 100 }, (_, h) => received('acme', h, new Date(Date.UTC(2026, 11, 1, h)).toISOString()));
    await appendAuditEvents(audit, events);
    const runs: number[] = [];
    for (
      let run = await countAuditEvents({ audit, stats }, 'acme');
      run.counted > 0;
      run = await countAuditEvents({ audit, stats }, 'acme')
    ) {
      runs.push(run.counted);
    }
    // Each run writes its hours, their days and all time: at most MAX_PERIODS_PER_SAVE periods.
    expect(Math.max(...runs)).toBeLessThanOrEqual(MAX_PERIODS_PER_SAVE - 2);
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.reduce((sum, n) => sum + n, 0)).toBe(100);
    expect(await totalOf(stats, 'acme')).toBe(100);
  });

  it('in the audit writer: a count that failed is caught up by the next batch, even one of duplicates only', async () => {
    const store = new InMemoryAuditStore();
    const stats = new InMemoryStatsStore();
    const body = (event: AuditEvent) => ({ id: event.eventId, group: event.tenant, body: JSON.stringify(event) });
    stats.failSaves = 1;
    const batch = [body(received('acme', 1)), body(received('acme', 2))];
    expect(await appendAuditBatch({ store, configOf, log, stats }, batch)).toEqual([]);
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('could not be counted'), expect.anything());
    expect(await totalOf(stats, 'acme')).toBe(0);
    // SQS delivers the same batch again (or the tenant's next one): appended already, counted now.
    expect(await appendAuditBatch({ store, configOf, log, stats }, batch)).toEqual([]);
    expect(await totalOf(stats, 'acme')).toBe(2);
    expect(await appendAuditBatch({ store, configOf, log, stats }, batch)).toEqual([]);
    expect(await totalOf(stats, 'acme')).toBe(2);
  });

  it('finishes a run cut short after its hour and day were written, counting nothing in them twice', async () => {
    const audit = new InMemoryAuditStore();
    const stats = new InMemoryStatsStore();
    await appendAuditEvents(audit, [received('acme', 1), received('acme', 2)]);
    stats.failTotals = 1;
    await expect(countAuditEvents({ audit, stats }, 'acme')).rejects.toThrow('before all time was written');
    const hour = periodKey('hour', '2026-12-01T10:00:00Z');
    const day = periodKey('day', '2026-12-01T00:00:00Z');
    const warnings = async () =>
      [...(await stats.periods('acme', [hour, day, TOTAL])).values()].map((period) => period.alertsBySeverity.warning);
    // Its hour and day have both entries; all time (the cursor) has neither.
    expect(await warnings()).toEqual([2, 2]);
    expect(await stats.countedThrough('acme')).toBe(0);
    await appendAuditEvents(audit, [received('acme', 3)]);
    expect(await countAuditEvents({ audit, stats }, 'acme')).toEqual({ counted: 3, through: 3 });
    expect(await warnings()).toEqual([3, 3, 3]);
  });

  it('reads again when another run moved the cursor first, and counts nothing twice', async () => {
    const audit = new InMemoryAuditStore();
    const stats = new InMemoryStatsStore();
    await appendAuditEvents(
      audit,
      Array.from({ length: 20 }, (_, i) => received('acme', i)),
    );
    const runs = await Promise.all(Array.from({ length: 5 }, () => countAuditEvents({ audit, stats }, 'acme')));
    expect(runs.reduce((sum, run) => sum + run.counted, 0)).toBe(20);
    expect(await totalOf(stats, 'acme')).toBe(20);
  });
});
