import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { etagOf, readTenantConfig } from '../../shared/use-cases/tenant-config.ts';
import { authenticator, tenantConfigStore } from '../../shared/wiring.ts';

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
