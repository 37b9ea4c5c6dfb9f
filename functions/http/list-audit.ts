import { AUDITORS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { listAudit } from '../../shared/use-cases/read-audit.ts';
import { auditStore, authenticator } from '../../shared/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/audit', roles: AUDITORS, authenticator }).handle(async ({ principal, query }) => ({
  status: 200,
  body: await listAudit(auditStore(), principal.tenant, query),
}));
