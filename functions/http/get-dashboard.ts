import { readDashboard } from '../../shared/app/stats/read-dashboard.ts';
import { getDashboardRoute } from '../../shared/entry/api/stats.ts';
import { statsApi } from '../../shared/entry/compose/stats.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, stats } = statsApi();

export const handler = httpRoute(getDashboardRoute, http).handle(async ({ principal, query }) => ({
  status: 200,
  body: await readDashboard(stats, principal.tenant, query),
}));
