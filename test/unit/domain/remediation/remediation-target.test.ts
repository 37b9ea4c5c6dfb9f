import { describe, expect, it } from 'vitest';
import { claimTarget, releasedTarget, suppressionOf, targetKeyOf } from '../../../../shared/domain/remediation/remediation-target.ts';

const limits = { cooldownMinutes: 15, maxExecutionsPerHour: 3 };
const key = { tenant: 'acme', targetKey: 'restart_workload:payments/deployment/checkout-api' };
const claim = (execution: string, at = '2026-12-01T03:00:00.000Z') => ({
  execution,
  alertId: `alert-${execution}`,
  since: at,
  until: '2026-12-01T05:00:00.000Z',
});

describe('remediation targets', () => {
  it('names the workload, not the alert, for the Kubernetes actions; the alert for the rest', () => {
    const restart = { name: 'restart_workload' as const, params: { namespace: 'payments', kind: 'deployment', name: 'checkout-api' } };
    expect(targetKeyOf(restart, 'a1')).toBe('restart_workload:payments/deployment/checkout-api');
    expect(targetKeyOf(restart, 'a2')).toBe(targetKeyOf(restart, 'a1'));
    // The schema's defaults apply: a request that leaves out the kind names the same Deployment.
    expect(targetKeyOf({ name: 'restart_workload', params: { namespace: 'payments', name: 'checkout-api' } }, 'a3')).toBe(
      targetKeyOf(restart, 'a1'),
    );
    expect(targetKeyOf({ name: 'silence_alert', params: { minutes: 60 } }, 'a1')).not.toBe(
      targetKeyOf({ name: 'silence_alert', params: { minutes: 60 } }, 'a2'),
    );
  });

  it('lets one execution hold a target; the next finds it taken, the holder finds it held', () => {
    const now = new Date('2026-12-01T03:00:00.000Z');
    const first = claimTarget(undefined, key, claim('e1'), limits, now);
    if (first.result !== 'claimed') throw new Error('expected a claim');
    expect(claimTarget(first.state, key, claim('e2'), limits, now)).toEqual({ result: 'taken', claim: claim('e1') });
    expect(claimTarget(first.state, key, claim('e1'), limits, now)).toEqual({ result: 'held' });
    // A claim past its end (a workflow that never finished) no longer holds the target.
    expect(claimTarget(first.state, key, claim('e3'), limits, new Date('2026-12-01T05:00:00.000Z')).result).toBe('claimed');
  });

  it('rests after an execution (cool-down), and opens its breaker past N executions in an hour', () => {
    let state = claimTarget(undefined, key, claim('e1'), limits, new Date('2026-12-01T03:00:00.000Z'));
    if (state.result !== 'claimed') throw new Error('expected a claim');
    const released = releasedTarget(state.state, 'e1', 'executed', '2026-12-01T03:12:00.000Z');
    if (released === undefined) throw new Error('expected a release');
    expect(suppressionOf(released, limits, new Date('2026-12-01T03:20:00.000Z'))).toEqual({
      kind: 'cool-down',
      reason: 'cool-down after the execution at 03:12 UTC, until 03:27 UTC',
    });
    expect(suppressionOf(released, limits, new Date('2026-12-01T03:27:00.000Z'))).toBeUndefined();
    const busy = { ...released, executions: ['2026-12-01T03:00:00.000Z', '2026-12-01T03:20:00.000Z', '2026-12-01T03:40:00.000Z'] };
    expect(suppressionOf(busy, limits, new Date('2026-12-01T03:58:00.000Z'))?.kind).toBe('breaker');
    expect(suppressionOf(busy, limits, new Date('2026-12-01T04:01:00.000Z'))).toBeUndefined();
    state = claimTarget(busy, key, claim('e9'), limits, new Date('2026-12-01T03:58:00.000Z'));
    expect(state.result).toBe('suppressed');
  });

  it('is freed without a cool-down by an execution that never ran, and untouched by one that did not hold it', () => {
    const first = claimTarget(undefined, key, claim('e1'), limits, new Date('2026-12-01T03:00:00.000Z'));
    if (first.result !== 'claimed') throw new Error('expected a claim');
    expect(releasedTarget(first.state, 'other', 'executed', '2026-12-01T03:01:00.000Z')).toBeUndefined();
    const freed = releasedTarget(first.state, 'e1', undefined, '2026-12-01T03:01:00.000Z');
    expect(freed).toMatchObject({ executions: [], version: 2 });
    expect(freed?.claim).toBeUndefined();
    expect(suppressionOf(freed, limits, new Date('2026-12-01T03:02:00.000Z'))).toBeUndefined();
  });
});
