import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { integrationKeyView, listIntegrationKeys } from '../../shared/use-cases/integration-keys.ts';
import { authenticator, integrationKeyStore } from '../../shared/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/integration-keys', roles: ADMINS, authenticator }).handle(
  async ({ principal, query }) => {
    const page = await listIntegrationKeys(integrationKeyStore(), principal, query);
    return { status: 200, body: { items: page.items.map(integrationKeyView), cursor: page.cursor } };
  },
);
