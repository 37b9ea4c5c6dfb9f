import { describe, expect, it } from 'vitest';
import { duplicateSideEffects, unfinishedWorkflows } from '../../../../scripts/drill/drill-outcome.ts';

const line = (eventId: string, type: string, subjects: Record<string, string>, data: Record<string, unknown> = {}) => ({
  eventId,
  type,
  time: '2026-12-01T00:00:00.000Z',
  subjects,
  data,
});

describe("the drills' count of side effects done twice", () => {
  it('counts nothing twice in a chain where each fact is there once', () => {
    const chain = [
      line('a1:1:triage.decided', 'triage.decided', { alertId: 'a1' }, { revision: 1 }),
      line('a1:1:triage.decided:superseded', 'triage.decided', { alertId: 'a1' }, { revision: 1 }),
      line('ap1:requested', 'approval.requested', { alertId: 'a1', approvalId: 'ap1' }),
      line('x1:action', 'action.executed', { alertId: 'a1', approvalId: 'ap1' }),
    ];
    expect(
      duplicateSideEffects(chain, [
        { deliveryId: 'd1', status: 503 },
        { deliveryId: 'd1', status: 204 },
      ]),
    ).toEqual([]);
  });

  it('finds one decision chained twice under two event ids, one action run twice, and one delivery answered twice', () => {
    const chain = [
      line('e1', 'triage.decided', { alertId: 'a1' }, { revision: 1 }),
      line('e2', 'triage.decided', { alertId: 'a1' }, { revision: 1 }),
      // One alert's workflow run three times (three executions, three approvals), an outcome each time.
      line('x1:action', 'action.executed', { alertId: 'a1', approvalId: 'ap-x1' }),
      line('x2:action', 'action.failed', { alertId: 'a1', approvalId: 'ap-x2' }),
      line('x3:action', 'action.executed', { alertId: 'a1', approvalId: 'ap-x3' }),
    ];
    expect(
      duplicateSideEffects(chain, [
        { deliveryId: 'd1', status: 204 },
        { deliveryId: 'd1', status: 200 },
      ]),
    ).toEqual(['triage.decided a1 r1 ×2', 'action outcome a1 ×3', 'delivered d1 ×2']);
  });

  it('finds the workflows that started and then neither asked for an approval nor recorded an outcome', () => {
    const chain = [
      line('x1:workflow.started', 'workflow.started', { alertId: 'a1' }),
      line('ap-x1:requested', 'approval.requested', { alertId: 'a1', approvalId: 'ap-x1' }),
      line('x2:workflow.started', 'workflow.started', { alertId: 'a2' }),
      line('x3:workflow.started', 'workflow.started', { alertId: 'a3' }),
      line('x3:action', 'action.failed', { alertId: 'a3' }),
    ];
    expect(unfinishedWorkflows(chain)).toEqual(['a2']);
  });
});
