import { listApprovals } from '../../shared/app/remediation/read-approvals.ts';
import { READERS } from '../../shared/domain/roles.ts';
import { approvalsApi } from '../../shared/entry/compose/remediation.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, approvals } = approvalsApi();

/** `?status=pending|approved|rejected|expired|cancelled` (default pending), `limit` ≤ 100, `cursor`. */
export const handler = httpRoute({ route: 'GET /v1/approvals', roles: READERS, authenticator }).handle(async ({ principal, query }) => {
  const page = await listApprovals(approvals, principal.tenant, query);
  return { status: 200, body: { items: page.items, cursor: page.cursor } };
});
