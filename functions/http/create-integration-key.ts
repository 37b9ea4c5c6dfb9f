import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { createIntegrationKey } from '../../shared/use-cases/integration-keys.ts';
import { authenticator, integrationKeyStore } from '../../shared/wiring.ts';

export const handler = httpRoute({ route: 'POST /v1/integration-keys', roles: ADMINS, jsonBody: true, authenticator }).handle(
  async ({ principal, body }) => ({
    status: 201,
    body: await createIntegrationKey(integrationKeyStore(), principal, body),
    headers: { 'cache-control': 'no-store' },
  }),
);
