import { decideApproval, rejectVote } from '../../shared/app/remediation/decide-approval.ts';
import { rejectApprovalRoute } from '../../shared/entry/api/approvals.ts';
import { approvalsApi } from '../../shared/entry/compose/remediation.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, remediation } = approvalsApi();

export const handler = httpRoute(rejectApprovalRoute, http).handle(async ({ principal, params, body, correlationId }) => ({
  status: 200,
  body: await decideApproval(remediation, principal, params.id, rejectVote(body), correlationId),
}));
