import { READERS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { getApproval } from '../../shared/use-cases/remediation/read-approvals.ts';
import { approvalStore, authenticator } from '../../shared/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/approvals/{id}', roles: READERS, authenticator }).handle(
  async ({ principal, params }) => ({ status: 200, body: await getApproval(approvalStore(), principal.tenant, params.id) }),
);
