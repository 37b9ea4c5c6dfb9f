import { revokeIntegrationKey } from '../../shared/app/integration-keys/integration-keys.ts';
import { ADMINS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { auditLog, authenticator, integrationKeyStore } from '../../shared/entry/wiring.ts';

export const handler = httpRoute({ route: 'DELETE /v1/integration-keys/{id}', roles: ADMINS, authenticator }).handle(
  async ({ principal, params, correlationId }) => {
    await revokeIntegrationKey({ store: integrationKeyStore(), audit: auditLog() }, principal, params.id, correlationId);
    return { status: 204 };
  },
);
