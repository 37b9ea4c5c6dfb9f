import { integrationKeyView, listIntegrationKeys } from '../../shared/app/integration-keys/integration-keys.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { authenticator, integrationKeyStore } from '../../shared/entry/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/integration-keys', roles: ADMINS, authenticator }).handle(
  async ({ principal, query }) => {
    const page = await listIntegrationKeys(integrationKeyStore(), principal, query);
    return { status: 200, body: { items: page.items.map(integrationKeyView), cursor: page.cursor } };
  },
);
