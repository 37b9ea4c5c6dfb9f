/** The expiry job on in-memory ports. */
import { describe, expect, it } from 'vitest';
import { expireApprovals } from '../../../../shared/app/remediation/expire-approvals.ts';
import { inMemoryRemediationDeps } from '../../../support/in-memory/remediation.ts';
import { storedApproval } from '../../../support/remediation-fixtures.ts';

describe('expiring overdue approvals', () => {
  it('expires only approvals past their deadline, fails their tasks, and finds nothing left on the next run', async () => {
    const { deps, approvals, workflow, audit } = inMemoryRemediationDeps(new Date('2026-11-22T11:30:00.000Z'));
    await approvals.create(storedApproval({ id: 'overdue', deadline: '2026-11-22T11:00:00.000Z', taskToken: 'token-overdue' }));
    await approvals.create(storedApproval({ id: 'in-time', deadline: '2026-11-22T12:00:00.000Z', taskToken: 'token-in-time' }));

    expect(await expireApprovals(deps, 'run-1')).toBe(1);
    expect((await approvals.get('acme', 'overdue'))?.status).toBe('expired');
    expect((await approvals.get('acme', 'in-time'))?.status).toBe('pending');
    expect(workflow.calls).toEqual([{ call: 'refuse', token: 'token-overdue', detail: 'ApprovalExpired' }]);
    expect(audit.events.map((event) => `${event.type}:${event.subjects.approvalId}`)).toEqual(['approval.expired:overdue']);

    expect(await expireApprovals(deps, 'run-2')).toBe(0);
    expect(workflow.calls).toHaveLength(1);
  });

  it('leaves an approval decided meanwhile as it was', async () => {
    const { deps, approvals, workflow } = inMemoryRemediationDeps(new Date('2026-11-22T11:30:00.000Z'));
    await approvals.create(
      storedApproval({ id: 'decided', status: 'approved', deadline: '2026-11-22T11:00:00.000Z', decidedAt: '2026-11-22T10:59:00.000Z' }),
    );

    expect(await expireApprovals(deps, 'run-1')).toBe(0);
    expect((await approvals.get('acme', 'decided'))?.status).toBe('approved');
    expect(workflow.calls).toEqual([]);
  });
});
