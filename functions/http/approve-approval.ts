import { approveVote, decideApproval } from '../../shared/app/remediation/decide-approval.ts';
import { approveApprovalRoute } from '../../shared/entry/api/approvals.ts';
import { approvalsApi } from '../../shared/entry/compose/remediation.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, remediation } = approvalsApi();

export const handler = httpRoute(approveApprovalRoute, http).handle(async ({ principal, params, body, correlationId }) => ({
  status: 200,
  body: await decideApproval(remediation, principal, params.id, approveVote(body), correlationId),
}));
