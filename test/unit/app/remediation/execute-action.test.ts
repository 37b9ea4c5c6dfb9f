/**
 * ExecuteAction trusts no permission its input claims: an execution started with `mode: auto`,
 * or resumed with a stolen task token, runs only what the policy and the approval record allow.
 */
import { describe, expect, it } from 'vitest';
import { type ExecuteDeps, executeAction } from '../../../../shared/app/remediation/execute-action.ts';
import type { StoredApproval } from '../../../../shared/domain/approvals/approval-store.ts';
import type { ActionExecutor } from '../../../../shared/domain/remediation/execution.ts';
import type { RemediationRequest } from '../../../../shared/domain/remediation/remediation.ts';
import { targetDigestOf } from '../../../../shared/domain/remediation/target-digest.ts';
import { DEFAULT_TENANT_CONFIG, tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';
import { InMemoryAlertStore } from '../../../support/in-memory/alert-store.ts';
import { InMemoryApprovalStore } from '../../../support/in-memory/remediation.ts';
import { alertRecord, storedApproval } from '../../../support/remediation-fixtures.ts';

async function setUp(config = DEFAULT_TENANT_CONFIG, approval?: Partial<StoredApproval>) {
  const alerts = new InMemoryAlertStore();
  const alert = await alerts.save({ record: alertRecord({ id: 'a1', revision: 1 }), expectedVersion: undefined });
  const approvals = new InMemoryApprovalStore();
  if (approval !== undefined) await approvals.create(storedApproval({ alertId: 'a1', execution: 'a1-1', ...approval }));
  const ran: string[] = [];
  const executor: ActionExecutor = {
    execute: async (request) => {
      ran.push(request.action.name);
      return { status: 'dry-run', executor: 'dry-run', at: '2026-12-01T00:00:00.000Z', detail: 'would run' };
    },
  };
  const deps: ExecuteDeps = { alerts, approvals, configOf: async () => config, executorFor: () => executor };
  return { deps, ran, revision: alert.revision };
}

function request(overrides: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    tenant: 'acme',
    alertId: 'a1',
    revision: 1,
    execution: 'a1-1',
    action: { name: 'restart_workload', params: { namespace: 'payments', name: 'checkout-api' } },
    risk: 'medium',
    mode: 'approval',
    modeReason: 'default for medium risk',
    source: 'triage',
    requestedBy: 'alertmanager-key',
    requestedAt: '2026-12-01T00:00:00.000Z',
    approvalId: 'ap1',
    correlationId: 'c1',
    ...overrides,
  };
}

const approvedBy = (...voters: string[]) => ({
  status: 'approved' as const,
  votes: voters.map((by) => ({ by, vote: 'approve' as const, at: '2026-12-01T00:01:00.000Z' })),
});

describe('ExecuteAction', () => {
  it('runs an approved action', async () => {
    const { deps, ran } = await setUp(DEFAULT_TENANT_CONFIG, approvedBy('alice'));
    expect(await executeAction(deps, request())).toMatchObject({ outcome: { status: 'dry-run' } });
    expect(ran).toEqual(['restart_workload']);
  });

  it('refuses an execution that claims auto for an action the policy gates', async () => {
    const { deps, ran } = await setUp();
    const result = await executeAction(deps, request({ mode: 'auto', approvalId: undefined }));
    expect(result).toEqual({ skipped: expect.stringContaining('needs approval') });
    expect(ran).toEqual([]);
  });

  it('refuses an approval that is still pending (a task token sent without a vote)', async () => {
    const { deps, ran } = await setUp(DEFAULT_TENANT_CONFIG, { status: 'pending' });
    expect(await executeAction(deps, request())).toEqual({ skipped: 'approval ap1 is pending, not approved' });
    expect(ran).toEqual([]);
  });

  it("refuses another action's approval", async () => {
    const { deps } = await setUp(DEFAULT_TENANT_CONFIG, { ...approvedBy('alice'), execution: 'other-1' });
    expect(await executeAction(deps, request())).toEqual({ skipped: "approval ap1 is not this action's" });
  });

  it("does not count the requester's own vote", async () => {
    const { deps, ran } = await setUp(DEFAULT_TENANT_CONFIG, { ...approvedBy('alertmanager-key') });
    expect(await executeAction(deps, request())).toEqual({ skipped: expect.stringContaining('it has 0') });
    expect(ran).toEqual([]);
  });

  it('needs two approvers when the policy now demands two, though one was asked for', async () => {
    const stricter = tenantConfigSchema.parse({ policies: { byRisk: { medium: 'approval-2' } } });
    const { deps, ran } = await setUp(stricter, approvedBy('alice'));
    expect(await executeAction(deps, request())).toEqual({ skipped: expect.stringContaining('needs 2 approvers') });
    expect(ran).toEqual([]);
  });

  it('refuses an approved action whose target was re-pointed since it was requested', async () => {
    const live = tenantConfigSchema.parse({
      remediation: {
        executor: 'live',
        webhooks: [{ id: 'restart', url: 'https://hooks.example.com/a', secretRef: 'env:ALERTGATE_WEBHOOK_X' }],
      },
    });
    const action = { name: 'invoke_webhook' as const, params: { target: 'restart' } };
    const requested = request({ action, targetDigest: targetDigestOf(action, live.remediation) });
    const same = await setUp(live, approvedBy('alice'));
    expect(await executeAction(same.deps, requested)).toMatchObject({ outcome: { status: 'dry-run' } });
    const repointed = tenantConfigSchema.parse({
      remediation: {
        executor: 'live',
        webhooks: [{ id: 'restart', url: 'https://elsewhere.example.com/a', secretRef: 'env:ALERTGATE_WEBHOOK_X' }],
      },
    });
    const moved = await setUp(repointed, approvedBy('alice'));
    expect(await executeAction(moved.deps, requested)).toEqual({ skipped: expect.stringContaining('target configuration changed') });
    expect(moved.ran).toEqual([]);
  });

  it('refuses what the policy now forbids', async () => {
    const forbidding = tenantConfigSchema.parse({ policies: { rules: [{ action: 'restart_workload', mode: 'forbidden' }] } });
    const { deps } = await setUp(forbidding, approvedBy('alice'));
    expect(await executeAction(deps, request())).toEqual({ skipped: expect.stringContaining('now gives it forbidden') });
  });
});
