import { exportAudit } from '../../shared/app/audit/read-audit.ts';
import { exportAuditRoute } from '../../shared/entry/api/audit.ts';
import { auditApi } from '../../shared/entry/compose/audit.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, store } = auditApi();

/** One page of the export; `Link: rel="next"` names the next while there may be more. */
export const handler = httpRoute(exportAuditRoute, http).handle(async ({ principal, query }) => {
  const page = await exportAudit(store, principal.tenant, query);
  const headers: Record<string, string> = { 'content-type': page.contentType, 'cache-control': 'no-store' };
  if (page.nextAfter !== undefined) headers.link = `</v1/audit/export?format=${query.format}&after=${page.nextAfter}>; rel="next"`;
  return { status: 200, text: page.body, headers };
});
