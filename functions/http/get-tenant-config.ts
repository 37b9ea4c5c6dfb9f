import { etagOf, readTenantConfig } from '../../shared/app/tenants/tenant-config.ts';
import { getTenantConfigRoute } from '../../shared/entry/api/tenants.ts';
import { tenantConfigApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { tenantConfigView } from '../../shared/entry/http/tenant-config-view.ts';

const { http, store } = tenantConfigApi();

export const handler = httpRoute(getTenantConfigRoute, http).handle(async ({ principal, params }) => {
  const stored = await readTenantConfig(store, principal, params.tenant);
  return { status: 200, body: tenantConfigView(stored), headers: { etag: etagOf(stored.version) } };
});
