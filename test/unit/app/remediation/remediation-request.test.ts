import { describe, expect, it } from 'vitest';
import { approveBody, approveVote, rejectBody, rejectVote } from '../../../../shared/app/remediation/decide-approval.ts';
import { approvalFacts, notificationRecord, requestOfApproval } from '../../../../shared/app/remediation/remediation-events.ts';
import { remediationRequest } from '../../../../shared/app/remediation/start-remediation.ts';
import type { Approval } from '../../../../shared/domain/approvals/approval.ts';
import { approvalIdFor, executionNameFor } from '../../../../shared/domain/remediation/remediation.ts';
import { DEFAULT_TENANT_CONFIG } from '../../../../shared/domain/tenants/tenant-config.ts';
import { validate } from '../../../../shared/domain/validation.ts';
import { alertRecord } from '../../../support/remediation-fixtures.ts';

describe('executionNameFor', () => {
  it('is the same for the same tenant, alert and revision, and differs across tenants, revisions and suffixes', () => {
    const name = executionNameFor('acme', 'a'.repeat(32), 3);
    expect(executionNameFor('acme', 'a'.repeat(32), 3)).toBe(name);
    expect(executionNameFor('globex', 'a'.repeat(32), 3)).not.toBe(name);
    expect(executionNameFor('acme', 'a'.repeat(32), 4)).not.toBe(name);
    expect(executionNameFor('acme', 'a'.repeat(32), 3, 'm1')).not.toBe(name);
  });

  it('stays a valid Step Functions name: at most 80 letters, digits, - and _', () => {
    const name = executionNameFor('t'.repeat(64), 'x'.repeat(128), 999_999, 'mffffffffffff');
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(() => executionNameFor('acme', 'a', 1, 'no spaces')).toThrow(/valid execution name/);
  });
});

describe('remediationRequest', () => {
  const alert = alertRecord();
  const facts = {
    alert,
    action: { name: 'restart_workload' as const, params: { namespace: 'p', name: 'api' }, risk: 'medium' as const, modeReason: 'default' },
    execution: 'e-1',
    source: 'triage' as const,
    requestedBy: 'system',
    requestedAt: new Date('2026-11-23T10:00:00Z'),
    correlationId: 'c',
  };

  it("gives an approval the tenant's deadline, in seconds for the state machine and as a time for the expiry job", () => {
    const config = { ...DEFAULT_TENANT_CONFIG, policies: { ...DEFAULT_TENANT_CONFIG.policies, approvalDeadlineMinutes: 15 } };
    const request = remediationRequest({ ...facts, action: { ...facts.action, mode: 'approval' } }, config);
    expect(request).toMatchObject({ approvalId: approvalIdFor('e-1'), deadlineSeconds: 900, deadline: '2026-11-23T10:15:00.000Z' });
  });

  it('gives an auto action no approval and no deadline, only a timeout for the gate that opens at once', () => {
    const request = remediationRequest({ ...facts, action: { ...facts.action, mode: 'auto' } }, DEFAULT_TENANT_CONFIG);
    expect(request.approvalId).toBeUndefined();
    expect(request.deadline).toBeUndefined();
    expect(request.deadlineSeconds).toBe(900);
  });
});

describe('approvalFacts', () => {
  const approval: Approval = {
    tenant: 'acme',
    id: 'ap-e-1',
    alertId: 'a1',
    revision: 1,
    execution: 'e-1',
    action: { name: 'drain_node', params: { node: 'n1' } },
    risk: 'critical',
    requiredApprovals: 2,
    votes: [
      { by: 'alice', vote: 'approve', at: '2026-11-23T10:01:00.000Z' },
      { by: 'bob', vote: 'approve', at: '2026-11-23T10:02:00.000Z', note: 'ok' },
    ],
    status: 'approved',
    deadline: '2026-11-23T11:00:00.000Z',
    createdAt: '2026-11-23T10:00:00.000Z',
    source: 'triage',
    requestedBy: 'system',
    decidedAt: '2026-11-23T10:02:00.000Z',
    version: 3,
  };

  it('has one event per vote and one for the decision, with ids that repeat for the same facts', () => {
    const events = approvalFacts(requestOfApproval(approval, 'c'), approval);
    expect(events.map((e) => [e.type, e.eventId, e.actor])).toEqual([
      ['approval.voted', 'ap-e-1:voted:alice', 'alice'],
      ['approval.voted', 'ap-e-1:voted:bob', 'bob'],
      ['approval.approved', 'ap-e-1:approved', 'bob'],
    ]);
    expect(events[2]?.data).toMatchObject({ approvedBy: ['alice', 'bob'] });
    expect(approvalFacts(requestOfApproval(approval, 'other'), approval).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('names the system for an expiry, and has no decision while pending', () => {
    const expired = approvalFacts(requestOfApproval(approval, 'c'), { ...approval, votes: [], status: 'expired', reason: 'late' });
    expect(expired.map((e) => [e.type, e.actor])).toEqual([['approval.expired', 'system']]);
    expect(approvalFacts(requestOfApproval(approval, 'c'), { ...approval, status: 'pending' }).map((e) => e.type)).toEqual([
      'approval.voted',
      'approval.voted',
    ]);
  });
});

describe('vote bodies', () => {
  const approve = (body: unknown) => approveVote(validate(approveBody, body, 'approval'));
  const reject = (body: unknown) => rejectVote(validate(rejectBody, body, 'rejection'));

  it('takes an optional comment to approve and requires a reason to reject', () => {
    expect(approveVote(undefined)).toEqual({ vote: 'approve' });
    expect(approve({ comment: ' looks right ' })).toEqual({ vote: 'approve', note: 'looks right' });
    expect(reject({ reason: 'freeze' })).toEqual({ vote: 'reject', note: 'freeze' });
    expect(() => reject({})).toThrow(/rejection is not valid: check reason/);
    expect(() => reject({ reason: '   ' })).toThrow(/rejection is not valid: check reason/);
    expect(() => approve({ comment: 'x', approvedBy: 'someone-else' })).toThrow(/approval is not valid/);
  });
});

describe('notificationRecord', () => {
  const event = {
    type: 'decided' as const,
    tenant: 'acme',
    approvalId: 'ap-e-1',
    alert: { id: 'a1', name: 'CrashLoop' },
    action: { name: 'restart_workload' as const, params: {} },
    risk: 'medium' as const,
    mode: 'approval' as const,
    decision: { status: 'approved' as const, by: ['alice'] },
    at: '2026-11-23T10:02:00.000Z',
  };

  it("records a failed delivery with its reason, never the target's URL, under an id that repeats only for the same notification", () => {
    const failed = notificationRecord(
      event,
      { targetId: 'slack-ops', type: 'slack', ok: false, attempts: 3, status: 500, error: 'status 500' },
      'c',
    );
    expect(failed).toMatchObject({
      type: 'notification.failed',
      subjects: { alertId: 'a1', approvalId: 'ap-e-1' },
      data: { event: 'decided', targetId: 'slack-ops', attempts: 3, status: 500, error: 'status 500' },
    });
    expect(JSON.stringify(failed)).not.toMatch(/https?:/);
    expect(notificationRecord(event, { targetId: 'slack-ops', type: 'slack', ok: true, attempts: 1 }, 'other').eventId).toBe(
      failed.eventId,
    );
    expect(
      notificationRecord({ ...event, at: '2026-11-23T11:00:00.000Z' }, { targetId: 'slack-ops', type: 'slack', ok: true, attempts: 1 }, 'c')
        .eventId,
    ).not.toBe(failed.eventId);
    const sent = notificationRecord(event, { targetId: 'slack-ops', type: 'slack', ok: true, attempts: 1, status: 200 }, 'c');
    expect(sent.type).toBe('notification.sent');
    expect(
      notificationRecord(
        { ...event, type: 'executed', decision: undefined },
        { targetId: 'slack-ops', type: 'slack', ok: true, attempts: 1 },
        'c',
      ).eventId,
    ).not.toBe(sent.eventId);
  });
});
