import { listApprovals } from '../../shared/app/remediation/read-approvals.ts';
import { READERS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { approvalStore, authenticator } from '../../shared/entry/wiring.ts';

/** `?status=pending|approved|rejected|expired|cancelled` (default pending), `limit` ≤ 100, `cursor`. */
export const handler = httpRoute({ route: 'GET /v1/approvals', roles: READERS, authenticator }).handle(async ({ principal, query }) => {
  const page = await listApprovals(approvalStore(), principal.tenant, query);
  return { status: 200, body: { items: page.items, cursor: page.cursor } };
});
