import { APPROVERS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { decideApproval, voteOf } from '../../shared/use-cases/remediation/decide-approval.ts';
import { authenticator, remediation } from '../../shared/wiring.ts';

export const handler = httpRoute({
  route: 'POST /v1/approvals/{id}/approve',
  roles: APPROVERS,
  jsonBody: 'optional',
  authenticator,
}).handle(async ({ principal, params, body, correlationId }) => ({
  status: 200,
  body: await decideApproval(remediation(), principal, params.id, voteOf('approve', body), correlationId),
}));
