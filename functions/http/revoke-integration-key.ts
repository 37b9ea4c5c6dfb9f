import { revokeIntegrationKey } from '../../shared/app/integration-keys/integration-keys.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { integrationKeysApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, audit, store } = integrationKeysApi();

export const handler = httpRoute({ route: 'DELETE /v1/integration-keys/{id}', roles: ADMINS, authenticator }).handle(
  async ({ principal, params, correlationId }) => {
    await revokeIntegrationKey({ store: store, audit: audit }, principal, params.id, correlationId);
    return { status: 204 };
  },
);
