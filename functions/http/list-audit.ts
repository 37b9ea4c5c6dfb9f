import { listAudit } from '../../shared/app/audit/read-audit.ts';
import { AUDITORS } from '../../shared/domain/roles.ts';
import { auditApi } from '../../shared/entry/compose/audit.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, store } = auditApi();

export const handler = httpRoute({ route: 'GET /v1/audit', roles: AUDITORS, authenticator }).handle(async ({ principal, query }) => ({
  status: 200,
  body: await listAudit(store, principal.tenant, query),
}));
