import { getApproval } from '../../shared/app/remediation/read-approvals.ts';
import { getApprovalRoute } from '../../shared/entry/api/approvals.ts';
import { approvalsApi } from '../../shared/entry/compose/remediation.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, approvals } = approvalsApi();

export const handler = httpRoute(getApprovalRoute, http).handle(async ({ principal, params }) => ({
  status: 200,
  body: await getApproval(approvals, principal.tenant, params.id),
}));
