import { integrationKeyView, listIntegrationKeys } from '../../shared/app/integration-keys/integration-keys.ts';
import { listIntegrationKeysRoute } from '../../shared/entry/api/tenants.ts';
import { integrationKeysApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, store } = integrationKeysApi();

export const handler = httpRoute(listIntegrationKeysRoute, http).handle(async ({ principal, query }) => {
  const page = await listIntegrationKeys(store, principal, query);
  return { status: 200, body: { items: page.items.map(integrationKeyView), cursor: page.cursor } };
});
