/** The counters on DynamoDB Local: folded from the real chain, saved with the cursor, counted once under races. */
import { describe, expect, it } from 'vitest';
import { DynamoAuditStore } from '../../shared/adapters/dynamodb/dynamo-audit-store.ts';
import { DynamoStatsStore } from '../../shared/adapters/dynamodb/dynamo-stats-store.ts';
import { appendAuditEvents } from '../../shared/app/audit/append-audit-event.ts';
import { countAuditEvents } from '../../shared/app/stats/count-audit-events.ts';
import { dashboardQuery, readDashboard } from '../../shared/app/stats/read-dashboard.ts';
import type { AuditEvent } from '../../shared/domain/audit/audit-event.ts';
import { periodKey, TOTAL } from '../../shared/domain/stats/periods.ts';
import { emptyStats } from '../../shared/domain/stats/tenant-stats.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

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
  it('writes the periods with the cursor, and refuses a save from a cursor that moved', async () => {
    const tenant = freshTenant('stats');
    const period = emptyStats();
    period.alertsBySeverity.critical = 3;
    period.alertNames['name with spaces & "quotes"'] = 3;
    expect(await stats.save(tenant, new Map([[TOTAL, period]]), 0, 7)).toBe('saved');
    expect(await stats.countedThrough(tenant)).toBe(7);
    expect(await stats.save(tenant, new Map([[TOTAL, period]]), 0, 9)).toBe('moved');
    expect(await stats.save(tenant, new Map([[TOTAL, period]]), 6, 9)).toBe('moved');
    expect((await stats.periods(tenant, [TOTAL])).get(TOTAL)).toEqual(period);
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

  it('has nothing for a tenant that never counted', async () => {
    const tenant = freshTenant('stats-none');
    expect(await stats.countedThrough(tenant)).toBe(0);
    expect((await stats.periods(tenant, [TOTAL])).size).toBe(0);
  });
});
