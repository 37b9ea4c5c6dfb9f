/** The approval routes. */
import * as z from 'zod';
import { approveBody, rejectBody } from '../../app/remediation/decide-approval.ts';
import { listApprovalsQuery } from '../../app/remediation/read-approvals.ts';
import { APPROVERS, READERS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, BODY_PROBLEMS, idParam, page, route } from './route.ts';
import { approvalView } from './views.ts';

export const listApprovalsRoute = route({
  operationId: 'listApprovals',
  method: 'GET',
  path: '/v1/approvals',
  tag: 'approvals',
  summary: 'Approvals by status (pending by default); an overdue approval is never listed as pending',
  roles: READERS,
  query: listApprovalsQuery,
  responses: { 200: { description: 'A page of approvals', schema: page(approvalView) } },
  problems: [400, ...AUTH_PROBLEMS],
});

export const getApprovalRoute = route({
  operationId: 'getApproval',
  method: 'GET',
  path: '/v1/approvals/{id}',
  tag: 'approvals',
  summary: 'An approval with its votes and, once decided, the outcome of its action',
  roles: READERS,
  params: z.object({ id: idParam }),
  responses: { 200: { description: 'The approval', schema: approvalView } },
  problems: [404, ...AUTH_PROBLEMS],
});

export const approveApprovalRoute = route({
  operationId: 'approveApproval',
  method: 'POST',
  path: '/v1/approvals/{id}/approve',
  tag: 'approvals',
  summary: 'Vote to approve (two distinct approvers for critical risk; never the requester)',
  roles: APPROVERS,
  params: z.object({ id: idParam }),
  body: { schema: approveBody, required: false, what: 'approval' },
  responses: { 200: { description: 'The approval after the vote', schema: approvalView } },
  problems: [404, 409, ...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});

export const rejectApprovalRoute = route({
  operationId: 'rejectApproval',
  method: 'POST',
  path: '/v1/approvals/{id}/reject',
  tag: 'approvals',
  summary: 'Reject, saying why; one rejection ends the approval',
  roles: APPROVERS,
  params: z.object({ id: idParam }),
  body: { schema: rejectBody, required: true, what: 'rejection' },
  responses: { 200: { description: 'The rejected approval', schema: approvalView } },
  problems: [404, 409, ...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});
