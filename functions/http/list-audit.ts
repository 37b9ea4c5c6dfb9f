import { listAudit } from '../../shared/app/audit/read-audit.ts';
import { listAuditRoute } from '../../shared/entry/api/audit.ts';
import { auditApi } from '../../shared/entry/compose/audit.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, store } = auditApi();

export const handler = httpRoute(listAuditRoute, http).handle(async ({ principal, query }) => ({
  status: 200,
  body: await listAudit(store, principal.tenant, query),
}));
