import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { etagOf, writeTenantConfig } from '../../shared/use-cases/tenant-config.ts';
import { authenticator, tenantConfigStore } from '../../shared/wiring.ts';

export const handler = httpRoute({ route: 'PUT /v1/tenants/{tenant}/config', roles: ADMINS, jsonBody: true, authenticator }).handle(
  async ({ principal, params, body, header }) => {
    const stored = await writeTenantConfig(tenantConfigStore(), principal, params.tenant, header('if-match'), body);
    return {
      status: 200,
      body: { version: stored.version, config: stored.config, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy },
      headers: { etag: etagOf(stored.version) },
    };
  },
);
