import { tenantConfigHistory } from '../../shared/app/tenants/tenant-config.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { tenantConfigApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, store } = tenantConfigApi();

export const handler = httpRoute({ route: 'GET /v1/tenants/{tenant}/config/history', roles: ADMINS, authenticator }).handle(
  async ({ principal, params, query }) => {
    const page = await tenantConfigHistory(store, principal, params.tenant, query);
    return { status: 200, body: page };
  },
);
