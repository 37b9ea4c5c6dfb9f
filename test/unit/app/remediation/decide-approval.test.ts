/** Voting on in-memory ports: the two-person rule, self-approval, late and repeated votes. */
import { describe, expect, it } from 'vitest';
import { decideApproval } from '../../../../shared/app/remediation/decide-approval.ts';
import type { StoredApproval } from '../../../../shared/domain/approvals/approval-store.ts';
import { ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError } from '../../../../shared/domain/errors.ts';
import type { Principal } from '../../../../shared/domain/roles.ts';
import { inMemoryRemediationDeps } from '../../../support/in-memory/remediation.ts';
import { storedApproval } from '../../../support/remediation-fixtures.ts';

const BEFORE_DEADLINE = new Date('2026-11-22T10:30:00.000Z');
const approver = (subject: string, tenant = 'acme'): Principal => ({ subject, tenant, roles: ['approver'], via: 'jwt' });

async function setUp(approval: StoredApproval, now = BEFORE_DEADLINE) {
  const ports = inMemoryRemediationDeps(now);
  await ports.approvals.create(approval);
  return ports;
}

describe('deciding an approval', () => {
  it('approves with one vote and resumes the waiting task with the approver', async () => {
    const { deps, workflow, audit } = await setUp(storedApproval());
    const decided = await decideApproval(deps, approver('ann'), 'ap1', { vote: 'approve', note: 'looks right' }, 'c1');

    expect(decided.status).toBe('approved');
    expect(decided).not.toHaveProperty('taskToken');
    expect(workflow.calls).toEqual([{ call: 'approve', token: 'token-1', detail: { approvedBy: ['ann'] } }]);
    expect(audit.events.map((event) => event.type)).toEqual(['approval.voted', 'approval.approved']);
  });

  it('needs two distinct approvers for a two-person approval', async () => {
    const { deps, workflow } = await setUp(storedApproval({ requiredApprovals: 2, risk: 'critical' }));
    const first = await decideApproval(deps, approver('ann'), 'ap1', { vote: 'approve' }, 'c1');
    expect(first.status).toBe('pending');
    await expect(decideApproval(deps, approver('ann'), 'ap1', { vote: 'approve' }, 'c2')).rejects.toThrow(ConflictError);
    expect(workflow.calls).toEqual([]);

    const second = await decideApproval(deps, approver('bob'), 'ap1', { vote: 'approve' }, 'c3');
    expect(second.status).toBe('approved');
    expect(workflow.calls.map((call) => call.call)).toEqual(['approve']);
  });

  it('refuses the requester approving their own request', async () => {
    const { deps, workflow } = await setUp(storedApproval({ requestedBy: 'eve' }));
    await expect(decideApproval(deps, approver('eve'), 'ap1', { vote: 'approve' }, 'c1')).rejects.toThrow(ForbiddenError);
    expect(workflow.calls).toEqual([]);
  });

  it("answers 404 for another tenant's approval", async () => {
    const { deps } = await setUp(storedApproval());
    await expect(decideApproval(deps, approver('mallory', 'globex'), 'ap1', { vote: 'approve' }, 'c1')).rejects.toThrow(NotFoundError);
  });

  it('expires a vote past the deadline instead of counting it, and fails the task', async () => {
    const { deps, approvals, workflow } = await setUp(storedApproval(), new Date('2026-11-22T11:00:00.000Z'));
    await expect(decideApproval(deps, approver('ann'), 'ap1', { vote: 'approve' }, 'c1')).rejects.toThrow(/expired/);
    expect((await approvals.get('acme', 'ap1'))?.status).toBe('expired');
    expect(workflow.calls).toEqual([{ call: 'refuse', token: 'token-1', detail: 'ApprovalExpired' }]);
  });

  it('keeps the vote when the workflow cannot be told (503), and tells it when the same vote comes again', async () => {
    const { deps, approvals, workflow } = await setUp(storedApproval());
    workflow.answer = new Error('endpoint unreachable');
    await expect(decideApproval(deps, approver('ann'), 'ap1', { vote: 'approve' }, 'c1')).rejects.toThrow(ServiceUnavailableError);
    expect((await approvals.get('acme', 'ap1'))?.status).toBe('approved');

    workflow.answer = 'resumed';
    await decideApproval(deps, approver('ann'), 'ap1', { vote: 'approve' }, 'c2');
    expect(workflow.calls.map((call) => call.call)).toEqual(['approve']);
  });
});
