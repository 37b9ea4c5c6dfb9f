import { readMetrics } from '../../shared/app/stats/read-metrics.ts';
import { CONTENT_TYPE } from '../../shared/domain/metrics/exposition.ts';
import { getMetricsRoute } from '../../shared/entry/api/stats.ts';
import { metricsApi } from '../../shared/entry/compose/stats.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const deps = metricsApi();

export const handler = httpRoute(getMetricsRoute, deps.http).handle(async ({ principal }) => ({
  status: 200,
  text: await readMetrics(deps, principal.tenant),
  headers: { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' },
}));
