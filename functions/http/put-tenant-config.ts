import { etagOf, writeTenantConfig } from '../../shared/app/tenants/tenant-config.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { tenantConfigApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, audit, store } = tenantConfigApi();

export const handler = httpRoute({ route: 'PUT /v1/tenants/{tenant}/config', roles: ADMINS, jsonBody: true, authenticator }).handle(
  async ({ principal, params, body, header, correlationId }) => {
    const stored = await writeTenantConfig(
      { store: store, audit: audit },
      principal,
      params.tenant,
      header('if-match'),
      body,
      correlationId,
    );
    return {
      status: 200,
      body: { version: stored.version, config: stored.config, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy },
      headers: { etag: etagOf(stored.version) },
    };
  },
);
