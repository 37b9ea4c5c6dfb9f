/**
 * A tenant's metrics in the Prometheus text format: its all-time counters and how far they have
 * folded its audit chain. Three small reads (the counters, their cursor, the chain's head) per
 * scrape, whatever the tenant's volume.
 */
import type { AuditStore } from '../../domain/audit/audit-store.ts';
import { renderExposition } from '../../domain/metrics/exposition.ts';
import { tenantFamilies } from '../../domain/metrics/tenant-metrics.ts';
import { TOTAL } from '../../domain/stats/periods.ts';
import type { StatsStore } from '../../domain/stats/stats-store.ts';
import { emptyStats } from '../../domain/stats/tenant-stats.ts';

export interface MetricsDeps {
  readonly stats: Pick<StatsStore, 'periods' | 'countedThrough'>;
  readonly audit: Pick<AuditStore, 'head'>;
}

export async function readMetrics(deps: MetricsDeps, tenant: string): Promise<string> {
  const [periods, counted, head] = await Promise.all([
    deps.stats.periods(tenant, [TOTAL]),
    deps.stats.countedThrough(tenant),
    deps.audit.head(tenant),
  ]);
  return renderExposition(tenantFamilies(periods.get(TOTAL) ?? emptyStats(), { counted, chained: head?.seq ?? 0 }));
}
