/** The counters on DynamoDB Local: folded from the real chain, saved with each period's cursor, counted once under races. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoAuditStore } from '../../shared/adapters/dynamodb/dynamo-audit-store.ts';
import { DynamoStatsStore } from '../../shared/adapters/dynamodb/dynamo-stats-store.ts';
import { appendAuditEvents } from '../../shared/app/audit/append-audit-event.ts';
import { countAuditEvents } from '../../shared/app/stats/count-audit-events.ts';
import { dashboardQuery, readDashboard } from '../../shared/app/stats/read-dashboard.ts';
import { readModels } from '../../shared/app/stats/read-models.ts';
import { LearnedModels } from '../../shared/app/triage/learned-models.ts';
import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import { historyKey } from '../../shared/domain/stats/action-history.ts';
import { ACTION_HISTORY, periodKey, TOTAL } from '../../shared/domain/stats/periods.ts';
import { emptyStats } from '../../shared/domain/stats/tenant-stats.ts';
import { NO_LEARNING } from '../../shared/domain/triage/learning/learned-example.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';
import { recordingMeter } from '../support/recording-meter.ts';

const audit = new DynamoAuditStore(localDynamo(), emulators().tables.audit);
const stats = new DynamoStatsStore(localDynamo(), emulators().tables.stats);

function received(tenant: string, n: number, name = 'KubePodCrashLooping'): AuditEvent {
  return {
    eventId: `${tenant}-${n}`,
    tenant,
    time: new Date(Date.UTC(2026, 11, 1, 10, n % 60)).toISOString(),
    type: 'alert.received',
    actor: 'system',
    subjects: { alertId: `a${n}` },
    correlationId: 'c',
    data: { source: 'alertmanager', name, severity: n % 2 === 0 ? 'critical' : 'warning' },
  };
}

describe('the stats table on DynamoDB Local', () => {
  it('writes each period with how far it is counted, all time last as the cursor, and refuses one that moved', async () => {
    const tenant = freshTenant('stats');
    const hour = periodKey('hour', '2026-12-01T10:00:00Z');
    const period = emptyStats();
    period.alertsBySeverity.critical = 3;
    period.alertNames['name with spaces & "quotes"'] = 3;
    const fresh = { stats: period, countedSeq: 0 };
    expect(
      await stats.save(
        tenant,
        new Map([
          [hour, fresh],
          [TOTAL, fresh],
        ]),
        7,
      ),
    ).toBe('saved');
    expect(await stats.countedThrough(tenant)).toBe(7);
    expect((await stats.counted(tenant, [hour])).get(hour)?.countedSeq).toBe(7);
    // Read before the save above: refused.
    expect(await stats.save(tenant, new Map([[TOTAL, { stats: emptyStats(), countedSeq: 0 }]]), 9)).toBe('moved');
    // A period that moved stops the save before all time, even where all time would have taken it.
    const stale = new Map([
      [hour, { stats: emptyStats(), countedSeq: 6 }],
      [TOTAL, { stats: emptyStats(), countedSeq: 7 }],
    ]);
    expect(await stats.save(tenant, stale, 9)).toBe('moved');
    expect(await stats.countedThrough(tenant)).toBe(7);
    // One counted through `to` already is left as it is.
    expect(await stats.save(tenant, new Map([[hour, { stats: emptyStats(), countedSeq: 7 }]]), 7)).toBe('saved');
    const read = await stats.periods(tenant, [hour, TOTAL]);
    expect(read.get(hour)).toEqual(period);
    expect(read.get(TOTAL)).toEqual(period);
  });

  it('stores the counters compressed, a fraction of the map they were, and reads them back whole', async () => {
    const tenant = freshTenant('stats');
    const counters = emptyStats();
    for (let n = 0; n < 200; n++) counters.alertNames[`KubeAlertNumber${n}`] = n;
    counters.services.checkout = 4;
    expect(await stats.save(tenant, new Map([[TOTAL, { stats: counters, countedSeq: 0 }]]), 3)).toBe('saved');
    const { Item } = await localDynamo().send(new GetCommand({ TableName: emulators().tables.stats, Key: { tenant, period: TOTAL } }));
    expect(Item?.stats).toBeUndefined();
    expect(Item?.compressedStats).toBeInstanceOf(Uint8Array);
    expect(Item?.compressedStats.byteLength).toBeLessThan(JSON.stringify(counters).length / 3);
    expect((await stats.periods(tenant, [TOTAL])).get(TOTAL)).toEqual(counters);
  });

  it('refuses a period item whose compressed counters do not read back', async () => {
    const tenant = freshTenant('stats');
    await localDynamo().send(
      new PutCommand({
        TableName: emulators().tables.stats,
        Item: { tenant, period: TOTAL, countedSeq: 1, compressedStats: new Uint8Array([1, 2, 3]) },
      }),
    );
    await expect(stats.periods(tenant, [TOTAL])).rejects.toThrow(/compressedStats: is not compressed JSON/);
  });

  it("takes a write the SDK sent again, after the first one's answer was lost, as saved", async () => {
    const client = localDynamo();
    // Every Put goes twice: the first lands, and the second's refusal is what the caller hears.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'PutCommand') return next(args);
        await next(args);
        return next(args);
      },
      { step: 'initialize', name: 'sendTwice' },
    );
    const twice = new DynamoStatsStore(client, emulators().tables.stats);
    const tenant = freshTenant('stats-retried');
    const hour = periodKey('hour', '2026-12-01T10:00:00Z');
    const fresh = { stats: emptyStats(), countedSeq: 0 };
    expect(
      await twice.save(
        tenant,
        new Map([
          [hour, fresh],
          [TOTAL, fresh],
        ]),
        3,
      ),
    ).toBe('saved');
    expect(await twice.countedThrough(tenant)).toBe(3);
    // Another run's refusal is still one.
    expect(await twice.save(tenant, new Map([[TOTAL, fresh]]), 5)).toBe('moved');
  });

  it('counts a real chain once while five writers race to count it', async () => {
    const tenant = freshTenant('stats-race');
    await appendAuditEvents(
      audit,
      Array.from({ length: 120 }, (_, n) => received(tenant, n, `Alert${n % 7}`)),
    );
    const runs = await Promise.all(Array.from({ length: 5 }, () => countAuditEvents({ audit, stats }, tenant)));
    expect(runs.reduce((sum, run) => sum + run.counted, 0)).toBe(120);
    expect(await stats.countedThrough(tenant)).toBe(120);
    const periods = await stats.periods(tenant, [periodKey('hour', '2026-12-01T10:00:00Z'), TOTAL]);
    expect(periods.get(TOTAL)?.alertsBySeverity).toEqual({ critical: 60, warning: 60 });
    expect(periods.get(periodKey('hour', '2026-12-01T10:00:00Z'))?.alertsBySource).toEqual({ alertmanager: 120 });
    const dashboard = await readDashboard(
      stats,
      tenant,
      dashboardQuery.parse({ from: '2026-12-01T09:00:00Z', to: '2026-12-01T12:00:00Z' }),
    );
    expect(dashboard.alerts.received).toBe(120);
    expect(dashboard.alerts.noisiestNames[0]).toEqual({ name: 'Alert0', count: 18 });
  });

  it("keeps each action's outcomes by alert name in the action history only, and triage reads them", async () => {
    const tenant = freshTenant('stats-outcomes');
    const outcome = (n: number, type: 'approval.approved' | 'approval.rejected', reason: string | null): AuditEvent => ({
      ...received(tenant, n),
      type,
      data: { alertName: 'KubePodCrashLooping', action: 'restart_workload', reason, requestedAt: '2026-12-01T10:00:00.000Z' },
    });
    await appendAuditEvents(audit, [outcome(1, 'approval.approved', null), outcome(2, 'approval.rejected', 'OOM, not a crash')]);
    const meter = recordingMeter();
    await countAuditEvents({ audit, stats, meter }, tenant);
    // Counting again finds nothing new: the operational metrics of an entry are recorded once.
    await countAuditEvents({ audit, stats, meter }, tenant);
    expect(meter.total('ApprovalsClosed', { outcome: 'approved' })).toBe(1);
    expect(meter.total('ApprovalsClosed', { outcome: 'rejected' })).toBe(1);
    expect(meter.recorded.filter((r) => r.name === 'ApprovalLatency')).toHaveLength(2);
    const periods = await stats.periods(tenant, [periodKey('hour', '2026-12-01T10:00:00Z'), TOTAL, ACTION_HISTORY]);
    expect(periods.get(ACTION_HISTORY)?.actionHistory[historyKey('KubePodCrashLooping', 'restart_workload')]).toMatchObject({
      approved: 1,
      rejected: 1,
      recent: [{ outcome: 'approved' }, { outcome: 'rejected', reason: 'OOM, not a crash' }],
    });
    expect(periods.get(periodKey('hour', '2026-12-01T10:00:00Z'))?.actionHistory).toEqual({});
    // Not in all time's item, which every counting run rewrites.
    expect(periods.get(TOTAL)?.actionHistory).toEqual({});
    const learned = await new LearnedModels({ model: async () => NO_LEARNING }, { stats }).of(tenant);
    expect(Object.keys(learned.outcomes)).toEqual([historyKey('KubePodCrashLooping', 'restart_workload')]);
  });

  it('moves a history kept in the all-time counters (before it had its own item) on with the next outcome', async () => {
    const tenant = freshTenant('stats-history-moves');
    const key = historyKey('DiskFull', 'expand_volume');
    const legacy = { ...emptyStats(), actionHistory: { [key]: { approved: 3, rejected: 0, failed: 0, recent: [] } } };
    // As the store wrote it then: all time, with the history in it, and nothing counted.
    await localDynamo().send(
      new PutCommand({ TableName: emulators().tables.stats, Item: { tenant, period: TOTAL, countedSeq: 0, stats: legacy } }),
    );
    // Triage reads it where it is until then.
    expect(Object.keys((await new LearnedModels({ model: async () => NO_LEARNING }, { stats }).of(tenant)).outcomes)).toEqual([key]);
    await appendAuditEvents(audit, [
      {
        ...received(tenant, 1),
        type: 'approval.approved',
        data: { alertName: 'DiskFull', action: 'expand_volume', reason: null, requestedAt: '2026-12-01T10:00:00.000Z' },
      },
    ]);
    await countAuditEvents({ audit, stats }, tenant);
    const periods = await stats.periods(tenant, [TOTAL, ACTION_HISTORY]);
    expect(periods.get(ACTION_HISTORY)?.actionHistory[key]).toMatchObject({ approved: 4 });
    expect(periods.get(TOTAL)?.actionHistory).toEqual({});
    expect(periods.get(TOTAL)?.alertsBySeverity).toEqual({});
  });

  it('judges each LLM model from its decisions, abstentions, latency and the corrections of its decisions', async () => {
    const tenant = freshTenant('stats-models');
    const decidedBy = { kind: 'llm', provider: 'main', model: 'gpt-4o-mini', promptVersion: 'triage-v1', variant: 'B' };
    const decided = (n: number, latencyMs: number, llmAbstentions: unknown[]): AuditEvent => ({
      ...received(tenant, n),
      type: 'triage.decided',
      data: {
        category: 'Databases',
        decidedBy,
        tokens: { input: 1000, output: 100 },
        costUsd: 0.0002,
        latencyMs,
        llmAbstentions,
        supersededAt: null,
      },
    });
    await appendAuditEvents(audit, [
      decided(1, 800, [{ provider: 'backup', model: 'claude-3-haiku' }]),
      decided(2, 1200, []),
      decided(3, 3000, []),
      {
        ...received(tenant, 4),
        type: 'triage.corrected',
        data: { set: { category: 'Storage' }, original: { category: 'Databases', decidedBy } },
      },
    ]);
    await countAuditEvents({ audit, stats }, tenant);
    const { models } = await readModels(
      stats,
      tenant,
      dashboardQuery.parse({ from: '2026-12-01T09:00:00Z', to: '2026-12-01T12:00:00Z' }),
      new Date('2026-12-01T12:00:00Z'),
    );
    expect(models).toEqual([
      expect.objectContaining({
        provider: 'main',
        model: 'gpt-4o-mini',
        variant: 'B',
        decisions: 3,
        abstentions: 0,
        corrected: 1,
        overruled: 1,
        agreementWithCorrections: 0,
        inputTokens: 3000,
        costUsd: 0.0006,
      }),
      expect.objectContaining({
        provider: 'backup',
        model: 'claude-3-haiku',
        decisions: 0,
        abstentions: 1,
        abstentionRate: 1,
        costPerDecisionUsd: null,
      }),
    ]);
    const latency = models[0]?.latency;
    expect(latency?.p50Ms).toBeGreaterThanOrEqual(1000);
    expect(latency?.p50Ms).toBeLessThanOrEqual(2000);
    expect(latency?.p99Ms).toBeLessThanOrEqual(4000);
  });

  it('has nothing for a tenant that never counted', async () => {
    const tenant = freshTenant('stats-none');
    expect(await stats.countedThrough(tenant)).toBe(0);
    expect((await stats.periods(tenant, [TOTAL])).size).toBe(0);
  });
});
