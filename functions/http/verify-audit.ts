import { verifyAudit } from '../../shared/app/audit/read-audit.ts';
import { AUDITORS } from '../../shared/domain/roles.ts';
import { auditApi } from '../../shared/entry/compose/audit.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, store, checkpointKey } = auditApi();

export const handler = httpRoute({ route: 'GET /v1/audit/verify', roles: AUDITORS, authenticator }).handle(async ({ principal }) => ({
  status: 200,
  body: await verifyAudit(store, principal.tenant, await checkpointKey()),
}));
