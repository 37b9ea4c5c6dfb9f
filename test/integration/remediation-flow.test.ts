import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepFunctionsEndpoint } from '../../scripts/local/step-functions/server.ts';
import { executorFactory } from '../../shared/adapters/executors/executor-for.ts';
import { StepFunctionsRemediationWorkflow } from '../../shared/adapters/step-functions/step-functions-remediation.ts';
import { ingestAlerts } from '../../shared/app/ingest/ingest-alerts.ts';
import { actOnDecision } from '../../shared/app/remediation/act-on-decision.ts';
import { cancelApprovalsOf } from '../../shared/app/remediation/cancel-approvals.ts';
import { decideApproval } from '../../shared/app/remediation/decide-approval.ts';
import { executeAction } from '../../shared/app/remediation/execute-action.ts';
import { expireApprovals } from '../../shared/app/remediation/expire-approvals.ts';
import { listApprovals } from '../../shared/app/remediation/read-approvals.ts';
import { recordOutcome } from '../../shared/app/remediation/record-outcome.ts';
import { requestAction } from '../../shared/app/remediation/request-action.ts';
import { requestApproval } from '../../shared/app/remediation/request-approval.ts';
import { startRemediation } from '../../shared/app/remediation/start-remediation.ts';
import { triageAlert } from '../../shared/app/triage/triage-alert.ts';
import type { IncomingAlert } from '../../shared/domain/alerts/alert.ts';
import type { TriageMessage } from '../../shared/domain/alerts/triage-message.ts';
import type { ApprovalStore } from '../../shared/domain/approvals/approval-store.ts';
import { ConflictError, ForbiddenError } from '../../shared/domain/errors.ts';
import { approvalIdFor, executionNameFor } from '../../shared/domain/remediation/remediation.ts';
import {
  recordOutcomeEventSchema,
  remediationRequestSchema,
  requestApprovalEventSchema,
} from '../../shared/domain/remediation/remediation-request-schema.ts';
import type { Principal } from '../../shared/domain/roles.ts';
import { DEFAULT_TENANT_CONFIG, type TenantConfig, tenantConfigSchema } from '../../shared/domain/tenants/tenant-config.ts';
import { keylessStep } from '../../shared/domain/triage/keyless/keyless-step.ts';
import { freshTenant } from '../helpers/local-clients.ts';
import { type RecordedDeps, recordedRemediationDeps } from '../helpers/remediation-deps.ts';
import { startRemediationEndpoint } from '../helpers/remediation-endpoint.ts';
import { eventually } from '../support/eventually.ts';
import { localFetch } from '../support/local-egress.ts';
import { freshBreakers } from '../support/remediation-fixtures.ts';

const config: TenantConfig = tenantConfigSchema.parse({
  routing: {
    rules: [
      {
        id: 'restart',
        matchers: ['alertname="CrashLoop"'],
        set: { action: { name: 'restart_workload', params: { namespace: 'payments', name: 'api' } } },
      },
      { id: 'drain', matchers: ['alertname="NodeDown"'], set: { action: { name: 'drain_node', params: { node: 'ip-10-0-0-1' } } } },
      { id: 'tell', matchers: ['alertname="Heads-up"'], set: { action: { name: 'notify', params: {} } } },
    ],
  },
  policies: { rules: [{ matchers: ['team="locked"'], mode: 'forbidden' }] },
  // Heads-up alerts come from staging: below production's floor, a low-risk action runs on its own.
  environments: { rules: [{ matchers: ['alertname="Heads-up"'], environment: 'staging' }] },
  notifications: { targets: [{ id: 'ops', type: 'webhook', url: 'https://hooks.example.com/ops' }] },
});

let sfn: StepFunctionsEndpoint;
let client: SFNClient;
let deps: RecordedDeps;
let executions = 0;

beforeAll(async () => {
  ({ sfn, client } = await startRemediationEndpoint(async (functionName, payload) => {
    if (functionName === 'request-approval') {
      const { taskToken, request } = requestApprovalEventSchema.parse(payload);
      return requestApproval(deps, taskToken, request);
    }
    if (functionName === 'execute-action') {
      executions++;
      return executeAction(
        {
          alerts: deps.alerts,
          approvals: deps.approvals,
          configOf: deps.configOf,
          executorFor: executorFactory({ breakers: freshBreakers(), resolveSecret: async () => 'unused', env: {}, fetch: localFetch }),
        },
        remediationRequestSchema.parse(payload),
      );
    }
    return recordOutcome(deps, recordOutcomeEventSchema.parse(payload));
  }));
  deps = recordedRemediationDeps(new StepFunctionsRemediationWorkflow(client, sfn.stateMachineArn('remediation')), { config });
});

afterAll(() => sfn.stop());

const user = (tenant: string, subject: string, role: Principal['roles'][number] = 'approver'): Principal => ({
  subject,
  tenant,
  roles: [role],
  via: 'jwt',
});

/** Stores an alert and triages it as the consumer would; returns the triage message. */
async function triaged(tenant: string, alertname: string, labels: Record<string, string> = {}): Promise<TriageMessage> {
  const incoming: IncomingAlert = {
    source: 'generic',
    fingerprint: `${alertname}-${Math.random()}`,
    status: 'firing',
    name: alertname,
    severity: 'warning',
    labels: { alertname, ...labels },
    annotations: {},
    startsAt: new Date().toISOString(),
  };
  const sent: TriageMessage[] = [];
  await ingestAlerts(
    {
      alerts: deps.alerts,
      queue: {
        send: async (events, correlationId) => {
          for (const e of events) {
            const type = e.kind === 'resolution' ? 'alert.resolved' : 'alert.firing';
            sent.push({ type, eventId: e.eventId, tenant, alertId: e.alertId, revision: e.revision, correlationId, sentAt: '' });
          }
          return { sent: events, failed: [] };
        },
      },
      audit: deps.audit,
      log: deps.log,
    },
    tenant,
    [incoming],
    'test',
    'test-sender',
  );
  const [message] = sent;
  if (message === undefined) throw new Error('nothing queued');
  const outcome = await triageAlert(
    {
      alerts: deps.alerts,
      queue: { send: async (events) => ({ sent: events, failed: [] }) },
      audit: deps.audit,
      configOf: deps.configOf,
      steps: [keylessStep],
      incidents: deps.incidents,
      targets: deps.targets,
      log: deps.log,
    },
    message,
  );
  expect(outcome.result).toBe('decided');
  return message;
}

async function finished(execution: string): Promise<string | undefined> {
  const executionArn = `${sfn.stateMachineArn('remediation').replace(':stateMachine:', ':execution:')}:${execution}`;
  return eventually(`execution ${execution} to end`, async () => {
    const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
    return status === 'RUNNING' ? undefined : status;
  });
}

function pendingApproval(tenant: string, id: string) {
  return eventually(`approval ${id}`, () => deps.approvals.get(tenant, id));
}

/** The expiry job, seeing only this tenant's overdue approvals (other test files run alongside). */
function expiryFor(tenant: string, now: Date) {
  const store = deps.approvals;
  const approvals: ApprovalStore = {
    create: (approval) => store.create(approval),
    get: (t, id) => store.get(t, id),
    transition: (approval) => store.transition(approval),
    list: (t, status, limit, cursor) => store.list(t, status, limit, cursor),
    overdue: async (at, limit) => (await store.overdue(at, limit)).filter((approval) => approval.tenant === tenant),
  };
  return expireApprovals({ ...deps, approvals, now: () => now }, 'expiry-job');
}

/** A manual request for approval of a restart, its task timing out after `deadlineSeconds`. */
async function approvalRequestFor(tenant: string, alertId: string, suffix: string, deadlineSeconds: number) {
  const alert = await deps.alerts.get(tenant, alertId);
  if (alert === undefined) throw new Error('no alert');
  const execution = executionNameFor(tenant, alert.id, alert.revision, suffix);
  return remediationRequestSchema.parse({
    tenant,
    alertId: alert.id,
    revision: alert.revision,
    execution,
    action: { name: 'restart_workload', params: { namespace: 'payments', name: 'api' } },
    risk: 'medium',
    mode: 'approval',
    modeReason: 'test',
    source: 'manual',
    requestedBy: 'bob',
    requestedAt: new Date().toISOString(),
    approvalId: approvalIdFor(execution),
    deadline: new Date(Date.now() + 60_000).toISOString(),
    deadlineSeconds,
    correlationId: `c-${suffix}`,
  });
}

async function remediationOf(tenant: string, alertId: string, execution: string) {
  return (await deps.alerts.get(tenant, alertId))?.remediations?.[execution];
}

describe('a triage proposal needing one approval', () => {
  it('waits for the approval, runs the action once approved, and shows the outcome on the alert and the approval', async () => {
    const tenant = freshTenant('flow');
    const message = await triaged(tenant, 'CrashLoop');
    const execution = executionNameFor(tenant, message.alertId, message.revision);

    expect(await actOnDecision(deps, message, 'decided')).toBe('started');
    const approval = await pendingApproval(tenant, approvalIdFor(execution));
    expect(approval).toMatchObject({
      status: 'pending',
      requiredApprovals: 1,
      source: 'triage',
      requestedBy: 'test-sender',
      alertId: message.alertId,
    });
    expect((await remediationOf(tenant, message.alertId, execution))?.status).toBe('awaiting-approval');
    expect(executions).toBe(0);

    const decided = await decideApproval(deps, user(tenant, 'alice'), approval.id, { vote: 'approve', note: 'go' }, 'c1');
    expect(decided.status).toBe('approved');
    expect(decided).not.toHaveProperty('taskToken');
    expect(await finished(execution)).toBe('SUCCEEDED');

    const summary = await remediationOf(tenant, message.alertId, execution);
    expect(summary).toMatchObject({ status: 'executed', approvalId: approval.id, outcome: { status: 'dry-run', executor: 'dry-run' } });
    expect((await deps.approvals.get(tenant, approval.id))?.outcome?.status).toBe('dry-run');
    const types = deps.audited.filter((e) => e.tenant === tenant).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['workflow.started', 'approval.requested', 'approval.voted', 'approval.approved', 'action.executed']),
    );
    const notes = deps.notified.filter((n) => n.tenant === tenant);
    expect(notes.map((n) => n.type)).toEqual(['requested', 'decided', 'executed']);
    expect(notes[0]?.link).toBe(`https://alertgate.example.com/approvals/${approval.id}`);
  });

  it('starts one execution however often the decision is acted on', async () => {
    const tenant = freshTenant('again');
    const message = await triaged(tenant, 'CrashLoop');
    const results = await Promise.all([actOnDecision(deps, message, 'decided'), actOnDecision(deps, message, 'duplicate')]);
    // Step Functions answers a repeat of a running execution (same name and input) like the first start.
    expect(results).not.toHaveLength(0);
    expect(results.filter((result) => !(result === 'started' || result === 'already-started'))).toEqual([]);
    const execution = executionNameFor(tenant, message.alertId, message.revision);
    // One execution name, so one execution: once its approval is pending, no other can follow.
    await pendingApproval(tenant, approvalIdFor(execution));
    expect(results).toContain('started');
    expect(deps.audited.filter((e) => e.tenant === tenant && e.type === 'approval.requested')).toHaveLength(1);
    expect(deps.notified.filter((n) => n.tenant === tenant)).toHaveLength(1);
  });

  it('ends without running the action when rejected', async () => {
    const tenant = freshTenant('reject');
    const message = await triaged(tenant, 'CrashLoop');
    await actOnDecision(deps, message, 'decided');
    const execution = executionNameFor(tenant, message.alertId, message.revision);
    const approval = await pendingApproval(tenant, approvalIdFor(execution));
    const before = executions;

    await decideApproval(deps, user(tenant, 'carol'), approval.id, { vote: 'reject', note: 'not during the sale' }, 'c2');

    expect(await finished(execution)).toBe('SUCCEEDED');
    expect(executions).toBe(before);
    expect(await remediationOf(tenant, message.alertId, execution)).toMatchObject({ status: 'rejected' });
    expect((await remediationOf(tenant, message.alertId, execution))?.reason).toContain('not during the sale');
    await expect(decideApproval(deps, user(tenant, 'dave'), approval.id, { vote: 'approve' }, 'c3')).rejects.toThrow(ConflictError);
  });
});

describe('a critical action (approval-2)', () => {
  it('needs two distinct approvers', async () => {
    const tenant = freshTenant('two');
    const message = await triaged(tenant, 'NodeDown');
    await actOnDecision(deps, message, 'decided');
    const execution = executionNameFor(tenant, message.alertId, message.revision);
    const approval = await pendingApproval(tenant, approvalIdFor(execution));
    expect(approval.requiredApprovals).toBe(2);

    expect((await decideApproval(deps, user(tenant, 'alice'), approval.id, { vote: 'approve' }, 'c')).status).toBe('pending');
    await expect(decideApproval(deps, user(tenant, 'alice'), approval.id, { vote: 'approve' }, 'c')).rejects.toThrow(ConflictError);
    expect((await decideApproval(deps, user(tenant, 'bob'), approval.id, { vote: 'approve' }, 'c')).status).toBe('approved');

    expect(await finished(execution)).toBe('SUCCEEDED');
    expect((await remediationOf(tenant, message.alertId, execution))?.status).toBe('executed');
  });
});

describe('a manual request', () => {
  it('goes through the policy and the workflow, and its requester cannot approve it', async () => {
    const tenant = freshTenant('manual');
    const message = await triaged(tenant, 'Quiet');
    const requested = await requestAction(
      deps,
      user(tenant, 'bob', 'responder'),
      message.alertId,
      { action: 'scale_workload', params: { namespace: 'payments', name: 'api', replicas: 4 } },
      'c4',
    );
    expect(requested).toMatchObject({ mode: 'approval', risk: 'medium' });
    const approval = await pendingApproval(tenant, requested.approvalId ?? '');
    expect(approval.requestedBy).toBe('bob');

    await expect(decideApproval(deps, user(tenant, 'bob'), approval.id, { vote: 'approve' }, 'c5')).rejects.toThrow(ForbiddenError);
    await decideApproval(deps, user(tenant, 'alice'), approval.id, { vote: 'approve' }, 'c6');
    expect(await finished(requested.execution ?? '')).toBe('SUCCEEDED');
    expect(await remediationOf(tenant, message.alertId, requested.execution ?? '')).toMatchObject({
      status: 'executed',
      source: 'manual',
      requestedBy: 'bob',
    });
  });

  it('is refused with 403 where the policy forbids it, and with 422 for params the action does not take', async () => {
    const tenant = freshTenant('forbid');
    const message = await triaged(tenant, 'Quiet', { team: 'locked' });
    const bob = user(tenant, 'bob', 'responder');
    await expect(requestAction(deps, bob, message.alertId, { action: 'notify', params: {} }, 'c')).rejects.toThrow(/forbids notify/);
    await expect(
      requestAction(deps, bob, message.alertId, { action: 'scale_workload', params: { replicas: -1 } }, 'c'),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(
      requestAction(deps, user(`${tenant}-other`, 'eve', 'responder'), message.alertId, { action: 'notify' }, 'c'),
    ).rejects.toThrow(/No alert/);
  });
});

describe('an auto action', () => {
  it('runs without an approval', async () => {
    const tenant = freshTenant('auto');
    const message = await triaged(tenant, 'Heads-up');
    expect(await actOnDecision(deps, message, 'decided')).toBe('started');
    const execution = executionNameFor(tenant, message.alertId, message.revision);
    expect(await finished(execution)).toBe('SUCCEEDED');
    expect(await remediationOf(tenant, message.alertId, execution)).toMatchObject({ status: 'executed', mode: 'auto' });
    expect(await deps.approvals.get(tenant, approvalIdFor(execution))).toBeUndefined();
  });
});

describe('a forbidden proposal', () => {
  it('starts nothing; the decision says why', async () => {
    const tenant = freshTenant('forbidden');
    const message = await triaged(tenant, 'CrashLoop', { team: 'locked' });
    expect(await actOnDecision(deps, message, 'decided')).toBe('forbidden');
    const alert = await deps.alerts.get(tenant, message.alertId);
    expect(alert?.decision?.action).toMatchObject({ mode: 'forbidden', modeReason: expect.stringContaining('policy rule 1') });
    expect(alert?.remediations).toBeUndefined();
  });
});

describe('an alert that resolves', () => {
  it('cancels its pending approval and ends the execution', async () => {
    const tenant = freshTenant('resolve');
    const message = await triaged(tenant, 'CrashLoop');
    await actOnDecision(deps, message, 'decided');
    const execution = executionNameFor(tenant, message.alertId, message.revision);
    const approval = await pendingApproval(tenant, approvalIdFor(execution));

    expect(await cancelApprovalsOf(deps, tenant, message.alertId, 'c7')).toBe(1);
    expect(await cancelApprovalsOf(deps, tenant, message.alertId, 'c7')).toBe(0);

    expect(await finished(execution)).toBe('SUCCEEDED');
    expect((await deps.approvals.get(tenant, approval.id))?.status).toBe('cancelled');
    expect(await remediationOf(tenant, message.alertId, execution)).toMatchObject({ status: 'cancelled' });
    expect(deps.audited.filter((e) => e.tenant === tenant).map((e) => e.type)).toContain('approval.cancelled');
  });
});

describe('expiry', () => {
  it('expires an approval past its deadline through the job, fails its execution, and never lists it as pending', async () => {
    const tenant = freshTenant('expire');
    const message = await triaged(tenant, 'CrashLoop');
    await actOnDecision(deps, message, 'decided');
    const execution = executionNameFor(tenant, message.alertId, message.revision);
    const approval = await pendingApproval(tenant, approvalIdFor(execution));
    const later = new Date(new Date(approval.deadline).getTime() + 1_000);

    expect((await listApprovals(deps.approvals, tenant, undefined, later)).items).toEqual([]);
    expect(await expiryFor(tenant, later)).toBe(1);

    expect(await finished(execution)).toBe('SUCCEEDED');
    expect((await deps.approvals.get(tenant, approval.id))?.status).toBe('expired');
    expect(await remediationOf(tenant, message.alertId, execution)).toMatchObject({ status: 'expired' });
    expect(deps.notified.filter((n) => n.tenant === tenant).map((n) => n.type)).toEqual(['requested', 'expired']);
    await expect(decideApproval(deps, user(tenant, 'alice'), approval.id, { vote: 'approve' }, 'c9')).rejects.toThrow(ConflictError);
  });

  it("agrees with the state machine's own timeout when that fires first", async () => {
    const tenant = freshTenant('timeout');
    const message = await triaged(tenant, 'Quiet');
    const request = await approvalRequestFor(tenant, message.alertId, 'short', 1);
    const { execution } = request;
    await startRemediation(deps, request);

    expect(await finished(execution)).toBe('SUCCEEDED');
    expect((await deps.approvals.get(tenant, approvalIdFor(execution)))?.status).toBe('expired');
    expect(await remediationOf(tenant, message.alertId, execution)).toMatchObject({ status: 'expired' });
    // The job, coming second, finds nothing left to expire for this tenant.
    const after = new Date(Date.now() + 120_000);
    expect(await expiryFor(tenant, after)).toBe(0);
    expect(deps.notified.filter((n) => n.tenant === tenant && n.type === 'expired')).toHaveLength(1);
  });
});

it('keeps DEFAULT_TENANT_CONFIG dry-run', () => {
  expect(DEFAULT_TENANT_CONFIG.remediation.executor).toBe('dry-run');
});

describe('a retried RequestApproval task', () => {
  it("keeps one approval, holding the retry's token (the one the execution now waits on)", async () => {
    const tenant = freshTenant('retry');
    const message = await triaged(tenant, 'Quiet');
    const request = await approvalRequestFor(tenant, message.alertId, 'retry', 60);
    const { execution } = request;

    await requestApproval(deps, 'token-of-attempt-1', request);
    await requestApproval(deps, 'token-of-attempt-2', request);

    const stored = await deps.approvals.get(tenant, approvalIdFor(execution));
    expect(stored?.taskToken).toBe('token-of-attempt-2');
    expect(stored?.status).toBe('pending');
  });
});

describe('a decisive vote whose call to Step Functions failed', () => {
  it('answers 503 and, sent again by the same approver, resumes the execution', async () => {
    const tenant = freshTenant('flaky');
    const message = await triaged(tenant, 'CrashLoop');
    await actOnDecision(deps, message, 'decided');
    const execution = executionNameFor(tenant, message.alertId, message.revision);
    const approval = await pendingApproval(tenant, approvalIdFor(execution));
    let failures = 1;
    const flaky = {
      ...deps,
      workflow: {
        start: deps.workflow.start.bind(deps.workflow),
        refuse: deps.workflow.refuse.bind(deps.workflow),
        approve: async (token: string, output: unknown) => {
          if (failures-- > 0) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
          return deps.workflow.approve(token, output);
        },
      },
    };

    await expect(decideApproval(flaky, user(tenant, 'alice'), approval.id, { vote: 'approve' }, 'c13')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
    expect((await deps.approvals.get(tenant, approval.id))?.status).toBe('approved');
    expect((await decideApproval(flaky, user(tenant, 'alice'), approval.id, { vote: 'approve' }, 'c14')).status).toBe('approved');
    // Another approver's vote is still refused: it is decided.
    await expect(decideApproval(deps, user(tenant, 'bob'), approval.id, { vote: 'approve' }, 'c15')).rejects.toThrow(ConflictError);

    expect(await finished(execution)).toBe('SUCCEEDED');
    expect(await remediationOf(tenant, message.alertId, execution)).toMatchObject({ status: 'executed' });
  });
});

describe('a manual request sent twice with one Idempotency-Key', () => {
  it('starts one execution', async () => {
    const tenant = freshTenant('idem');
    const message = await triaged(tenant, 'Quiet');
    const bob = user(tenant, 'bob', 'responder');
    const body = { action: 'restart_workload', params: { namespace: 'payments', name: 'api' } };
    const first = await requestAction(deps, bob, message.alertId, body, 'c16', 'key-1');
    const again = await requestAction(deps, bob, message.alertId, body, 'c17', 'key-1');
    expect(again.execution).toBe(first.execution);
    // Another key is another request: on the same target it waits for the first (one at a time)…
    await expect(requestAction(deps, bob, message.alertId, body, 'c18', 'key-2')).rejects.toThrow(ConflictError);
    // …and on another target it starts its own execution.
    const elsewhere = { action: 'restart_workload', params: { namespace: 'payments', name: 'worker' } };
    const other = await requestAction(deps, bob, message.alertId, elsewhere, 'c18', 'key-2');
    expect(other.execution).not.toBe(first.execution);
    await pendingApproval(tenant, first.approvalId ?? '');
    await pendingApproval(tenant, other.approvalId ?? '');
    const remediations = (await deps.alerts.get(tenant, message.alertId))?.remediations ?? {};
    expect(Object.keys(remediations).sort()).toEqual([first.execution, other.execution].sort());
  });
});
