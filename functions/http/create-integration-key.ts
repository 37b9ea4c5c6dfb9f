import { createIntegrationKey } from '../../shared/app/integration-keys/integration-keys.ts';
import { createIntegrationKeyRoute } from '../../shared/entry/api/tenants.ts';
import { integrationKeysApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, audit, store } = integrationKeysApi();

export const handler = httpRoute(createIntegrationKeyRoute, http).handle(async ({ principal, body, correlationId }) => ({
  status: 201,
  body: await createIntegrationKey({ store, audit }, principal, body, correlationId),
  headers: { 'cache-control': 'no-store' },
}));
