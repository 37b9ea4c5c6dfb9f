/** The received counters on DynamoDB Local: added per notification, concurrently, beside the audit-folded periods. */
import { describe, expect, it } from 'vitest';
import { DynamoReceivedCounter } from '../../shared/adapters/dynamodb/dynamo-received-counter.ts';
import { DynamoStatsStore } from '../../shared/adapters/dynamodb/dynamo-stats-store.ts';
import { TOTAL } from '../../shared/domain/stats/periods.ts';
import { emptyStats } from '../../shared/domain/stats/tenant-stats.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

const counter = new DynamoReceivedCounter(localDynamo(), emulators().tables.stats);
const stats = new DynamoStatsStore(localDynamo(), emulators().tables.stats);
const none = { created: 0, updated: 0, resolved: 0, duplicate: 0 };

describe('the received counters', () => {
  it('reads nothing for a tenant that received nothing', async () => {
    expect(await counter.read(freshTenant('received-none'))).toEqual([]);
  });

  it('adds every notification, twenty at once, per source and outcome, for that tenant only', async () => {
    const tenant = freshTenant('received');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        counter.add(tenant, i % 2 === 0 ? 'alertmanager' : 'grafana', { ...none, created: 1, updated: i % 4 === 0 ? 9 : 0 }),
      ),
    );
    await counter.add(`${tenant}-other`, 'generic', { ...none, duplicate: 3 });
    const read = await counter.read(tenant);
    expect(read.sort((a, b) => `${a.source}${a.outcome}`.localeCompare(`${b.source}${b.outcome}`))).toEqual([
      { source: 'alertmanager', outcome: 'created', count: 10 },
      { source: 'alertmanager', outcome: 'updated', count: 45 },
      { source: 'grafana', outcome: 'created', count: 10 },
    ]);
  });

  it('survives the audit writer saving the all-time period beside it', async () => {
    const tenant = freshTenant('received-beside');
    await counter.add(tenant, 'pagerduty', { ...none, resolved: 2 });
    expect(await stats.save(tenant, new Map([[TOTAL, { stats: emptyStats(), countedSeq: 0 }]]), 5)).toBe('saved');
    expect(await counter.read(tenant)).toEqual([{ source: 'pagerduty', outcome: 'resolved', count: 2 }]);
    expect(await stats.countedThrough(tenant)).toBe(5);
  });
});
