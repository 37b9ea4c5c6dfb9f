/**
 * A tenant's metrics in the Prometheus text format: its all-time counters and how far they have
 * folded its audit chain. Four small reads (the counters, their cursor, the chain's head, the received counters) per
 * scrape, whatever the tenant's volume.
 */
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import { renderExposition } from '../../domain/metrics/exposition.ts';
import type { ReceivedCounter } from '../../domain/metrics/received-counter.ts';
import { tenantFamilies } from '../../domain/metrics/tenant-metrics.ts';
import { TOTAL } from '../../domain/stats/periods.ts';
import type { StatsStore } from '../../domain/stats/stats-store.ts';
import { emptyStats } from '../../domain/stats/tenant-stats.ts';

export interface MetricsDeps {
  readonly stats: Pick<StatsStore, 'periods' | 'countedThrough'>;
  readonly audit: Pick<AuditStore, 'head'>;
  readonly received: Pick<ReceivedCounter, 'read'>;
}

export async function readMetrics(deps: MetricsDeps, tenant: string): Promise<string> {
  const [periods, counted, head, received] = await Promise.all([
    deps.stats.periods(tenant, [TOTAL]),
    deps.stats.countedThrough(tenant),
    deps.audit.head(tenant),
    deps.received.read(tenant),
  ]);
  return renderExposition(tenantFamilies(periods.get(TOTAL) ?? emptyStats(), { counted, chained: head?.seq ?? 0 }, received));
}
