import { createIntegrationKey } from '../../shared/app/integration-keys/integration-keys.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { integrationKeysApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, audit, store } = integrationKeysApi();

export const handler = httpRoute({ route: 'POST /v1/integration-keys', roles: ADMINS, jsonBody: true, authenticator }).handle(
  async ({ principal, body, correlationId }) => ({
    status: 201,
    body: await createIntegrationKey({ store: store, audit: audit }, principal, body, correlationId),
    headers: { 'cache-control': 'no-store' },
  }),
);
