import { readModels } from '../../shared/app/stats/read-models.ts';
import { getModelStatsRoute } from '../../shared/entry/api/stats.ts';
import { statsApi } from '../../shared/entry/compose/stats.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, stats } = statsApi();

export const handler = httpRoute(getModelStatsRoute, http).handle(async ({ principal, query }) => ({
  status: 200,
  body: await readModels(stats, principal.tenant, query),
}));
