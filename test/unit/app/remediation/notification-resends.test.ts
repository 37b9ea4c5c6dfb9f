/** Failed notifications sent again: what is scheduled, with which delay, what is audited, and what a resend skips. */
import { describe, expect, it } from 'vitest';
import { type RecordingDeps, sendAndRecord } from '../../../../shared/app/remediation/recording-notifier.ts';
import { resendNotification } from '../../../../shared/app/remediation/resend-notification.ts';
import { incidentIdFor, openIncident } from '../../../../shared/domain/incidents/incident.ts';
import type {
  NotificationEvent,
  NotificationResult,
  NotificationTarget,
} from '../../../../shared/domain/notifications/notification-event.ts';
import type { NotificationRetries, NotificationRetry } from '../../../../shared/domain/notifications/notification-retry.ts';
import { DEFAULT_TENANT_CONFIG, type TenantConfig } from '../../../../shared/domain/tenants/tenant-config.ts';
import { InMemoryIncidentStore } from '../../../support/in-memory/incidents.ts';
import { RecordingAuditLog } from '../../../support/in-memory/queues.ts';
import { InMemoryApprovalStore } from '../../../support/in-memory/remediation.ts';
import { recordingLog } from '../../../support/recording-log.ts';
import { storedApproval } from '../../../support/remediation-fixtures.ts';

const ops: NotificationTarget = { id: 'ops', type: 'webhook', url: 'https://hooks.example/ops', events: ['requested', 'decided'] };
const chat: NotificationTarget = { id: 'chat', type: 'slack', url: 'https://hooks.slack.com/services/T/B/x', events: ['requested'] };
const requested: NotificationEvent = {
  type: 'requested',
  tenant: 'acme',
  approvalId: 'ap1',
  alert: { id: 'a1', name: 'DiskFull' },
  at: '2026-11-22T10:00:00.000Z',
};

class RecordingRetries implements NotificationRetries {
  readonly scheduled: { retry: NotificationRetry; delaySeconds: number }[] = [];
  async schedule(retry: NotificationRetry, delaySeconds: number): Promise<void> {
    this.scheduled.push({ retry, delaySeconds });
  }
}

/** A sender whose answer per target is given; it records who it was asked to send to. */
function sender(answers: Record<string, Partial<NotificationResult>>) {
  const calls: string[][] = [];
  const send = async (targets: readonly NotificationTarget[]) => {
    calls.push(targets.map((t) => t.id));
    return targets.map((t) => ({ targetId: t.id, type: t.type, ok: false, attempts: 3, ...answers[t.id] }));
  };
  return { send, calls };
}

function deps(answers: Record<string, Partial<NotificationResult>>, delays = [30, 120]) {
  const audit = new RecordingAuditLog();
  const retries = new RecordingRetries();
  const { send, calls } = sender(answers);
  const recording: RecordingDeps = { send, audit, log: recordingLog(), retries, retryDelaysSeconds: delays };
  return { recording, audit, retries, calls };
}

describe('recording a notification and scheduling its resend', () => {
  it('schedules a failure the sender judged passing (no answer, 5xx, 429), after the first delay', async () => {
    const { recording, retries, audit } = deps({ ops: { status: 503, retryable: true }, chat: { retryable: true } });
    await sendAndRecord(recording, [ops, chat], requested, 'corr-1');
    expect(retries.scheduled).toEqual([
      { retry: { tenant: 'acme', targetId: 'ops', event: requested, retry: 1, correlationId: 'corr-1' }, delaySeconds: 30 },
      { retry: { tenant: 'acme', targetId: 'chat', event: requested, retry: 1, correlationId: 'corr-1' }, delaySeconds: 30 },
    ]);
    expect(audit.events.map((e) => [e.type, e.data.retry, e.data.willRetry])).toEqual([
      ['notification.failed', 0, true],
      ['notification.failed', 0, true],
    ]);
  });

  it('does not schedule what was delivered, a failure the sender judged permanent, or an admin test', async () => {
    const { recording, retries, audit } = deps({ ops: { ok: true, status: 200 }, chat: { status: 404, retryable: false } });
    await sendAndRecord(recording, [ops, chat], requested, 'corr-1');
    // Refused by the egress policy, or its signing secret unreadable: no status, and no resend either.
    await sendAndRecord(deps({ ops: { error: 'egress refused' } }).recording, [ops], requested, 'corr-3');
    await sendAndRecord(deps({}).recording, [ops], { ...requested, type: 'test' }, 'corr-2');
    expect(retries.scheduled).toEqual([]);
    expect(audit.events.map((e) => [e.type, e.data.willRetry])).toEqual([
      ['notification.sent', false],
      ['notification.failed', false],
    ]);
  });

  it('gives up once the delays are used up, and says so in the audit event', async () => {
    const { recording, retries, audit } = deps({ ops: { status: 500, retryable: true } }, [30, 120]);
    await sendAndRecord(recording, [ops], requested, 'corr-1', 1);
    expect(retries.scheduled.map((s) => [s.retry.retry, s.delaySeconds])).toEqual([[2, 120]]);
    await sendAndRecord(recording, [ops], requested, 'corr-1', 2);
    expect(retries.scheduled).toHaveLength(1);
    expect(audit.events.map((e) => [e.eventId.endsWith(':retry-1'), e.eventId.endsWith(':retry-2'), e.data.willRetry])).toEqual([
      [true, false, true],
      [false, true, false],
    ]);
  });

  it('goes on when the schedule is refused, and logs it', async () => {
    const { recording, audit } = deps({ ops: { status: 503, retryable: true } });
    const log = recordingLog();
    const refusing: NotificationRetries = {
      schedule: async () => {
        throw new Error('queue down');
      },
    };
    const results = await sendAndRecord({ ...recording, log, retries: refusing }, [ops], requested, 'corr-1');
    expect(results.map((r) => r.ok)).toEqual([false]);
    expect(log.lines.map((l) => l.message)).toContain('notification resend not scheduled');
    // The audit log says what happened: no resend follows.
    expect(audit.events.map((e) => e.data.willRetry)).toEqual([false]);
  });
});

const GROUP = 'b'.repeat(20);
const incident = openIncident({
  tenant: 'acme',
  groupHash: GROUP,
  sequence: 1,
  groupedBy: 'test',
  title: 'DiskFull',
  category: 'Databases',
  member: {
    alertId: 'a1',
    revision: 1,
    name: 'DiskFull',
    severity: 'critical',
    status: 'firing',
    joined: 'opened',
    joinedAt: '2026-11-22T10:00:00.000Z',
  },
  at: '2026-11-22T10:00:00.000Z',
});
const opened = (sequence: number): NotificationEvent => ({
  ...requested,
  type: 'incident-opened',
  approvalId: undefined,
  incident: { id: incidentIdFor(GROUP, sequence), status: 'open', severity: 'critical', alerts: 1 },
});

describe('resending a notification', () => {
  const configured = (targets: NotificationTarget[]): TenantConfig => ({
    ...DEFAULT_TENANT_CONFIG,
    notifications: { targets: targets.map((t) => ({ ...t, events: [...t.events] })) },
  });
  const retry = (overrides: Partial<NotificationRetry> = {}): NotificationRetry => ({
    tenant: 'acme',
    targetId: 'ops',
    event: requested,
    retry: 1,
    correlationId: 'corr-1',
    ...overrides,
  });

  async function resend(message: NotificationRetry, answers: Record<string, Partial<NotificationResult>>, targets = [ops, chat]) {
    const parts = deps(answers);
    const approvals = new InMemoryApprovalStore();
    await approvals.create(storedApproval());
    await approvals.create(storedApproval({ id: 'ap2', status: 'approved' }));
    const incidents = new InMemoryIncidentStore();
    await incidents.create(incident);
    await incidents.create({ ...incident, id: incidentIdFor(GROUP, 2), sequence: 2, status: 'resolved' });
    const outcome = await resendNotification(
      { ...parts.recording, configOf: async () => configured(targets), approvals, incidents },
      message,
    );
    return { outcome, ...parts };
  }

  it('sends to that one target, audits the resend, and schedules the next when it fails again', async () => {
    const { outcome, calls, audit, retries } = await resend(retry(), { ops: { status: 502, retryable: true } });
    expect(outcome).toBe('failed');
    expect(calls).toEqual([['ops']]);
    expect(audit.events.map((e) => e.eventId.endsWith(':ops:retry-1'))).toEqual([true]);
    expect(retries.scheduled.map((s) => [s.retry.retry, s.delaySeconds])).toEqual([[2, 120]]);
  });

  it('reports a delivered resend as sent', async () => {
    expect((await resend(retry(), { ops: { ok: true, status: 200 } })).outcome).toBe('sent');
  });

  it('sends nothing to a target removed or no longer subscribed, or named for another tenant', async () => {
    for (const [message, targets] of [
      [retry(), [chat]],
      [retry(), [{ ...ops, events: ['decided'] }]],
      [retry({ tenant: 'other' }), [ops]],
    ] as const) {
      const { outcome, calls } = await resend(message, {}, [...targets]);
      expect(outcome).toBe('target-gone');
      expect(calls).toEqual([]);
    }
  });

  it('does not tell of an incident change once its status has changed again', async () => {
    const still = await resend(retry({ targetId: 'ops', event: opened(1) }), { ops: { ok: true } }, [
      { ...ops, events: ['incident-opened'] },
    ]);
    expect(still.outcome).toBe('sent');
    const since = await resend(retry({ event: opened(2) }), { ops: { ok: true } }, [{ ...ops, events: ['incident-opened'] }]);
    expect(since.outcome).toBe('superseded');
    expect(since.calls).toEqual([]);
  });

  it('does not page anyone for an approval already decided', async () => {
    const { outcome, calls } = await resend(retry({ event: { ...requested, approvalId: 'ap2' } }), {});
    expect(outcome).toBe('superseded');
    expect(calls).toEqual([]);
    const decided = await resend(retry({ event: { ...requested, type: 'decided', approvalId: 'ap2' } }), { ops: { ok: true } });
    expect(decided.outcome).toBe('sent');
  });
});
