import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { tenantConfigHistory } from '../../shared/use-cases/tenant-config.ts';
import { authenticator, tenantConfigStore } from '../../shared/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/tenants/{tenant}/config/history', roles: ADMINS, authenticator }).handle(
  async ({ principal, params, query }) => {
    const page = await tenantConfigHistory(tenantConfigStore(), principal, params.tenant, query);
    return { status: 200, body: page };
  },
);
