import { describe, expect, it } from 'vitest';
import { type Approval, castVote } from '../../../../shared/domain/approvals/approval.ts';
import { ConflictError, ForbiddenError } from '../../../../shared/domain/errors.ts';
import { storedApproval } from '../../../support/remediation-fixtures.ts';

const now = new Date('2026-11-22T10:00:00Z');
/** An approval as the domain sees it: the stored one without its task token. */
const approval = (overrides: Partial<Approval> = {}): Approval => {
  const { taskToken: _token, ...stored } = storedApproval();
  return { ...stored, ...overrides };
};

describe('voting on an approval', () => {
  it('decides a one-approver request with the first approval', () => {
    const result = castVote(approval(), { voter: 'ann', vote: 'approve', note: 'go' }, now);
    expect(result.decided).toBe('approved');
    expect(result.approval).toMatchObject({
      status: 'approved',
      decidedAt: now.toISOString(),
      votes: [{ by: 'ann', vote: 'approve', note: 'go' }],
    });
  });

  it('needs two distinct approvers for approval-2', () => {
    const first = castVote(approval({ requiredApprovals: 2 }), { voter: 'ann', vote: 'approve' }, now);
    expect(first.decided).toBeUndefined();
    expect(first.approval.status).toBe('pending');
    expect(() => castVote(first.approval, { voter: 'ann', vote: 'approve' }, now)).toThrow(ConflictError);
    expect(castVote(first.approval, { voter: 'bob', vote: 'approve' }, now).decided).toBe('approved');
  });

  it('ends the request at the first rejection', () => {
    const first = castVote(approval({ requiredApprovals: 2 }), { voter: 'ann', vote: 'approve' }, now);
    const result = castVote(first.approval, { voter: 'bob', vote: 'reject', note: 'not during the sale' }, now);
    expect(result).toMatchObject({ decided: 'rejected', approval: { status: 'rejected' } });
  });

  it('refuses the requester approving their own request', () => {
    expect(() => castVote(approval({ requestedBy: 'carol' }), { voter: 'carol', vote: 'approve' }, now)).toThrow(ForbiddenError);
  });

  it.each(['approved', 'rejected', 'expired', 'cancelled'] as const)('refuses any vote once %s', (status) => {
    expect(() => castVote(approval({ status }), { voter: 'ann', vote: 'approve' }, now)).toThrow(ConflictError);
  });

  it('refuses a vote past the deadline even before the record says expired', () => {
    expect(() => castVote(approval({ deadline: '2026-11-22T09:59:59.000Z' }), { voter: 'ann', vote: 'approve' }, now)).toThrow(/expired/);
  });
});
