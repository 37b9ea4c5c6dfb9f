import { logger } from '../../shared/adapters/observability.ts';
import { etagOf, writeTenantConfig } from '../../shared/app/tenants/tenant-config.ts';
import { putTenantConfigRoute } from '../../shared/entry/api/tenants.ts';
import { tenantConfigWriteApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { tenantConfigView } from '../../shared/entry/http/tenant-config-view.ts';

const { http, audit, store, checkDestination, operator, slackTeams } = tenantConfigWriteApi();

export const handler = httpRoute(putTenantConfigRoute, http).handle(async ({ principal, params, body, header, correlationId }) => {
  const stored = await writeTenantConfig(
    { store, audit, checkDestination, operator, log: logger, slackTeams },
    principal,
    params.tenant,
    header('if-match'),
    body,
    correlationId,
  );
  return { status: 200, body: tenantConfigView(stored), headers: { etag: etagOf(stored.version) } };
});
