import { tenantConfigHistory } from '../../shared/app/tenants/tenant-config.ts';
import { getTenantConfigHistoryRoute } from '../../shared/entry/api/tenants.ts';
import { tenantConfigApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { tenantConfigView } from '../../shared/entry/http/tenant-config-view.ts';

const { http, store } = tenantConfigApi();

export const handler = httpRoute(getTenantConfigHistoryRoute, http).handle(async ({ principal, params, query }) => {
  const page = await tenantConfigHistory(store, principal, params.tenant, query);
  return { status: 200, body: { ...page, items: page.items.map((stored) => ({ tenant: stored.tenant, ...tenantConfigView(stored) })) } };
});
