import { etagOf, readTenantConfig } from '../../shared/app/tenants/tenant-config.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { authenticator, tenantConfigStore } from '../../shared/entry/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/tenants/{tenant}/config', roles: ADMINS, authenticator }).handle(
  async ({ principal, params }) => {
    const stored = await readTenantConfig(tenantConfigStore(), principal, params.tenant);
    return {
      status: 200,
      body: { version: stored.version, config: stored.config, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy },
      headers: { etag: etagOf(stored.version) },
    };
  },
);
