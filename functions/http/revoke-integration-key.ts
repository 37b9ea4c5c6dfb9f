import { revokeIntegrationKey } from '../../shared/app/integration-keys/integration-keys.ts';
import { revokeIntegrationKeyRoute } from '../../shared/entry/api/tenants.ts';
import { integrationKeysApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, audit, store } = integrationKeysApi();

export const handler = httpRoute(revokeIntegrationKeyRoute, http).handle(async ({ principal, params, correlationId }) => {
  await revokeIntegrationKey({ store, audit }, principal, params.id, correlationId);
  return { status: 204 };
});
