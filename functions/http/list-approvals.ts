import { listApprovals } from '../../shared/app/remediation/read-approvals.ts';
import { listApprovalsRoute } from '../../shared/entry/api/approvals.ts';
import { approvalsApi } from '../../shared/entry/compose/remediation.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, approvals } = approvalsApi();

export const handler = httpRoute(listApprovalsRoute, http).handle(async ({ principal, query }) => ({
  status: 200,
  body: await listApprovals(approvals, principal.tenant, query),
}));
