import { getApproval } from '../../shared/app/remediation/read-approvals.ts';
import { READERS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { approvalStore, authenticator } from '../../shared/entry/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/approvals/{id}', roles: READERS, authenticator }).handle(
  async ({ principal, params }) => ({ status: 200, body: await getApproval(approvalStore(), principal.tenant, params.id) }),
);
