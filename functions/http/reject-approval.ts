import { decideApproval, voteOf } from '../../shared/app/remediation/decide-approval.ts';
import { APPROVERS } from '../../shared/domain/roles.ts';
import { approvalsApi } from '../../shared/entry/compose/remediation.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { authenticator, remediation } = approvalsApi();

export const handler = httpRoute({ route: 'POST /v1/approvals/{id}/reject', roles: APPROVERS, jsonBody: true, authenticator }).handle(
  async ({ principal, params, body, correlationId }) => ({
    status: 200,
    body: await decideApproval(remediation, principal, params.id, voteOf('reject', body), correlationId),
  }),
);
