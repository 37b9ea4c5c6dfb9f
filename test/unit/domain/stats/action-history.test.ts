import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../../shared/domain/audit/audit-event.ts';
import {
  type ActionHistory,
  describeRecord,
  foldOutcome,
  historyKey,
  REASON_CHARS,
  RECENT_OUTCOMES,
  RECENT_REASONS,
  rejectionsSince,
} from '../../../../shared/domain/stats/action-history.ts';
import { MAX_KEYS } from '../../../../shared/domain/stats/tenant-stats.ts';

function event(type: AuditEvent['type'], minute: number, data: Record<string, unknown>): AuditEvent {
  return {
    eventId: `e${minute}`,
    tenant: 'acme',
    time: new Date(Date.UTC(2026, 11, 2, 9, minute)).toISOString(),
    type,
    actor: 'alice',
    subjects: {},
    correlationId: 'c',
    data: { alertName: 'KubePodCrashLooping', action: 'restart_workload', ...data },
  };
}

describe('what became of an action, by alert name', () => {
  it('counts approvals, rejections with their reasons, and failed executions, and says so in one line', () => {
    const history: ActionHistory = {};
    foldOutcome(history, event('approval.approved', 1, { reason: null }));
    foldOutcome(history, event('approval.rejected', 2, { reason: 'not again' }));
    foldOutcome(history, event('approval.rejected', 3, { reason: null }));
    foldOutcome(history, event('approval.rejected', 4, { reason: 'restart does not help, OOM' }));
    const record = history[historyKey('KubePodCrashLooping', 'restart_workload')];
    expect(record).toMatchObject({ approved: 1, rejected: 3, failed: 0 });
    expect(describeRecord(record ?? { approved: 0, rejected: 0, failed: 0, recent: [] })).toBe(
      "rejected 3 of the last 4 times; last reason: 'restart does not help, OOM'",
    );
  });

  it('reads an execution failure from action.failed, the action as the request carries it', () => {
    const history: ActionHistory = {};
    foldOutcome(history, event('approval.approved', 1, {}));
    foldOutcome(history, event('action.failed', 2, { action: { name: 'restart_workload', params: {} }, error: 'deployment not found' }));
    const record = history[historyKey('KubePodCrashLooping', 'restart_workload')];
    expect(record).toMatchObject({ approved: 1, failed: 1 });
    expect(describeRecord(record ?? { approved: 0, rejected: 0, failed: 0, recent: [] })).toBe(
      "approved the last 1 times; failed 1 of the last 2 outcomes; last reason: 'deployment not found'",
    );
  });

  it('ignores events from before they named the alert, and other events', () => {
    const history: ActionHistory = {};
    foldOutcome(history, event('approval.rejected', 1, { alertName: null }));
    foldOutcome(history, event('approval.expired', 2, {}));
    foldOutcome(history, event('alert.received', 3, {}));
    expect(history).toEqual({});
  });

  it('keeps the latest outcomes only, and counts rejections within a window', () => {
    const history: ActionHistory = {};
    for (let minute = 0; minute < RECENT_OUTCOMES + 5; minute++) foldOutcome(history, event('approval.rejected', minute, {}));
    const record = history[historyKey('KubePodCrashLooping', 'restart_workload')];
    expect(record?.rejected).toBe(RECENT_OUTCOMES + 5);
    expect(record?.recent).toHaveLength(RECENT_OUTCOMES);
    expect(rejectionsSince(record ?? { approved: 0, rejected: 0, failed: 0, recent: [] }, new Date(Date.UTC(2026, 11, 2, 9, 12)))).toBe(3);
  });

  it('stays bounded: names past MAX_KEYS are not recorded', () => {
    const history: ActionHistory = {};
    for (let n = 0; n < MAX_KEYS + 10; n++) foldOutcome(history, event('approval.rejected', 1, { alertName: `Alert${n}` }));
    expect(Object.keys(history)).toHaveLength(MAX_KEYS);
  });
});

describe('the size of what is kept', () => {
  it('keeps reasons on the latest few outcomes only, each cut short, so the all-time counters stay small', () => {
    const history: ActionHistory = {};
    const long = '理由'.repeat(500);
    for (let n = 0; n < MAX_KEYS; n++)
      for (let minute = 0; minute < RECENT_OUTCOMES; minute++)
        foldOutcome(history, event('approval.rejected', minute, { alertName: `${'A'.repeat(150)}${n}`, reason: long }));
    expect(Object.keys(history)).toHaveLength(MAX_KEYS);
    const record = Object.values(history)[0];
    expect(record?.recent.filter((entry) => entry.reason !== undefined)).toHaveLength(RECENT_REASONS);
    expect(Math.max(...(record?.recent ?? []).map((entry) => entry.reason?.length ?? 0))).toBe(REASON_CHARS);
    expect(new TextEncoder().encode(JSON.stringify(history)).length).toBeLessThan(200_000);
  });
});
