import { tenantConfigHistory } from '../../shared/app/tenants/tenant-config.ts';
import { getTenantConfigHistoryRoute } from '../../shared/entry/api/tenants.ts';
import { tenantConfigApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, store } = tenantConfigApi();

export const handler = httpRoute(getTenantConfigHistoryRoute, http).handle(async ({ principal, params, query }) => ({
  status: 200,
  body: await tenantConfigHistory(store, principal, params.tenant, query),
}));
