import { getApproval } from '../../shared/app/remediation/read-approvals.ts';
import { READERS } from '../../shared/domain/roles.ts';
import { approvalsApi } from '../../shared/entry/compose/remediation.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, approvals } = approvalsApi();

export const handler = httpRoute({ route: 'GET /v1/approvals/{id}', roles: READERS, authenticator }).handle(
  async ({ principal, params }) => ({ status: 200, body: await getApproval(approvals, principal.tenant, params.id) }),
);
