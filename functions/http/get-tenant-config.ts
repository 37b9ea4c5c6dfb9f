import { etagOf, readTenantConfig } from '../../shared/app/tenants/tenant-config.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { tenantConfigApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, store } = tenantConfigApi();

export const handler = httpRoute({ route: 'GET /v1/tenants/{tenant}/config', roles: ADMINS, authenticator }).handle(
  async ({ principal, params }) => {
    const stored = await readTenantConfig(store, principal, params.tenant);
    return {
      status: 200,
      body: { version: stored.version, config: stored.config, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy },
      headers: { etag: etagOf(stored.version) },
    };
  },
);
