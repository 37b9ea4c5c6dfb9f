import { verifyAudit } from '../../shared/app/audit/read-audit.ts';
import { verifyAuditRoute } from '../../shared/entry/api/audit.ts';
import { auditApi } from '../../shared/entry/compose/audit.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, store, checkpointKey } = auditApi();

export const handler = httpRoute(verifyAuditRoute, http).handle(async ({ principal }) => ({
  status: 200,
  body: await verifyAudit(store, principal.tenant, await checkpointKey()),
}));
