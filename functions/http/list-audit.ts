import { listAudit } from '../../shared/app/audit/read-audit.ts';
import { AUDITORS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { auditStore, authenticator } from '../../shared/entry/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/audit', roles: AUDITORS, authenticator }).handle(async ({ principal, query }) => ({
  status: 200,
  body: await listAudit(auditStore(), principal.tenant, query),
}));
