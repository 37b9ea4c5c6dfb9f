import { exportAudit } from '../../shared/app/audit/read-audit.ts';
import { AUDITORS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { auditStore, authenticator } from '../../shared/entry/wiring.ts';

/** One page of the export; `Link: rel="next"` names the next while there may be more. */
export const handler = httpRoute({ route: 'GET /v1/audit/export', roles: AUDITORS, authenticator }).handle(async ({ principal, query }) => {
  const page = await exportAudit(auditStore(), principal.tenant, query);
  const headers: Record<string, string> = { 'content-type': page.contentType, 'cache-control': 'no-store' };
  if (page.nextAfter !== undefined)
    headers.link = `</v1/audit/export?format=${query.format ?? 'ndjson'}&after=${page.nextAfter}>; rel="next"`;
  return { status: 200, text: page.body, headers };
});
