/** How a remediation ends, on in-memory ports: on the approval, on the alert, in the audit log. */
import { describe, expect, it } from 'vitest';
import { recordOutcome } from '../../../../shared/app/remediation/record-outcome.ts';
import type { RecordOutcomeEvent } from '../../../../shared/domain/remediation/remediation-request-schema.ts';
import { inMemoryRemediationDeps } from '../../../support/in-memory/remediation.ts';
import { alertRecord, storedApproval } from '../../../support/remediation-fixtures.ts';

const NOW = new Date('2026-11-22T10:20:00.000Z');

function request(overrides: Partial<RecordOutcomeEvent['request']> = {}): RecordOutcomeEvent['request'] {
  return {
    tenant: 'acme',
    alertId: 'al_01JABCDEF',
    revision: 2,
    execution: 'a1-1',
    action: { name: 'restart_workload', params: { namespace: 'payments', kind: 'deployment', name: 'checkout-api' } },
    risk: 'medium',
    mode: 'approval',
    modeReason: 'risk medium',
    source: 'triage',
    requestedBy: 'system',
    requestedAt: '2026-11-22T10:00:00.000Z',
    approvalId: 'ap1',
    deadline: '2026-11-22T11:00:00.000Z',
    correlationId: 'c1',
    ...overrides,
  };
}

async function setUp() {
  const ports = inMemoryRemediationDeps(NOW);
  await ports.deps.alerts.save({ record: alertRecord({ version: 0 }), expectedVersion: undefined });
  return ports;
}

describe('recording how a remediation ended', () => {
  it('keeps the outcome on the approval, a brief one on the alert, and audits the action once however often it runs', async () => {
    const { deps, approvals, audit } = await setUp();
    await approvals.create(storedApproval({ status: 'approved', decidedAt: '2026-11-22T10:10:00.000Z' }));
    const outcome = {
      status: 'dry-run' as const,
      executor: 'dry-run',
      at: '2026-11-22T10:19:00.000Z',
      detail: 'dry-run: would restart deployment payments/checkout-api',
      request: { method: 'POST', url: 'https://k8s.example/restart', headers: {}, body: {} },
    };
    const event: RecordOutcomeEvent = { result: 'executed', request: { ...request(), executed: { outcome: { outcome } } } };

    expect(await recordOutcome(deps, event)).toMatchObject({ status: 'executed' });
    await recordOutcome(deps, event);

    expect((await approvals.get('acme', 'ap1'))?.outcome).toEqual(outcome);
    const [remediation] = Object.values((await deps.alerts.get('acme', 'al_01JABCDEF'))?.remediations ?? {});
    expect(remediation).toMatchObject({ status: 'executed', outcome: { detail: outcome.detail } });
    expect(remediation?.outcome).not.toHaveProperty('request');
    const actionEvents = audit.events.filter((event) => event.type === 'action.executed');
    expect(new Set(actionEvents.map((event) => event.eventId)).size).toBe(1);
  });

  it('closes an approval the workflow timed out first, as expired', async () => {
    const { deps, approvals } = await setUp();
    await approvals.create(storedApproval());
    const event: RecordOutcomeEvent = {
      result: 'expired',
      request: { ...request(), failure: { Error: 'States.Timeout', Cause: 'no decision before the deadline' } },
    };

    expect(await recordOutcome(deps, event)).toMatchObject({ status: 'expired' });
    expect((await approvals.get('acme', 'ap1'))?.status).toBe('expired');
    const [remediation] = Object.values((await deps.alerts.get('acme', 'al_01JABCDEF'))?.remediations ?? {});
    expect(remediation?.status).toBe('expired');
  });
});
