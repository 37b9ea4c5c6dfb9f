import { tenantConfigHistory } from '../../shared/app/tenants/tenant-config.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { authenticator, tenantConfigStore } from '../../shared/entry/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/tenants/{tenant}/config/history', roles: ADMINS, authenticator }).handle(
  async ({ principal, params, query }) => {
    const page = await tenantConfigHistory(tenantConfigStore(), principal, params.tenant, query);
    return { status: 200, body: page };
  },
);
