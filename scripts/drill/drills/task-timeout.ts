/**
 * A Step Functions task timing out: approved webhook actions whose receiver answers only after the
 * ExecuteAction task's timeout (3 s on the drill stack). Step Functions gives up on the task and
 * records the failure; the action must not be retried (it may have run), nor recorded twice. (A
 * receiver slower than the executor's 5 s per attempt gets the executor's own retries, all with the
 * same delivery id to deduplicate on: see webhook-executor.ts.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { flowAlerts } from '../alert-flow.ts';
import { type Drill, drillResult, drillTenant } from '../drill.ts';
import { auditChain, otherDeadLetterDepth, settle } from '../drill-outcome.ts';
import { DRILL_EXECUTE_TIMEOUT_SECONDS, type DrillStack, EXECUTOR_WEBHOOK_ID, EXECUTOR_WEBHOOK_SECRET_REF } from '../drill-stack.ts';

type Json = Record<string, unknown>;

/** Every crash loop gets a webhook action, of medium risk: one approver. */
const WEBHOOK_ACTION = (url: string) => ({
  routing: {
    rules: [
      {
        id: 'crashloops-webhook',
        matchers: ['alertname="KubePodCrashLooping"'],
        set: { action: { name: 'invoke_webhook', params: { target: EXECUTOR_WEBHOOK_ID } } },
      },
    ],
  },
  policies: { actionRisk: { invoke_webhook: 'medium' } },
  remediation: { executor: 'live', webhooks: [{ id: EXECUTOR_WEBHOOK_ID, url, secretRef: EXECUTOR_WEBHOOK_SECRET_REF }] },
});

async function pendingApprovals(stack: DrillStack, tenant: string, count: number): Promise<Json[]> {
  for (let tries = 0; tries < 120; tries++) {
    const listed = await stack.api('GET', '/v1/approvals?status=pending&limit=100', { tenant, roles: ['viewer'] });
    const items = (listed.body.items as Json[] | undefined) ?? [];
    if (items.length >= count) return items;
    await sleep(500);
  }
  throw new Error(`${tenant}: fewer than ${count} pending approvals after 60 s`);
}

export const taskTimeout: Drill = {
  name: 'task-timeout',
  fault: `approved webhook actions whose receiver answers after the ExecuteAction task's timeout (${DRILL_EXECUTE_TIMEOUT_SECONDS} s)`,
  async run(stack, size) {
    const tenant = drillTenant('sfn');
    await stack.configureTenant(tenant, WEBHOOK_ACTION(stack.executorTarget.url));
    const otherDeadLettersBefore = await otherDeadLetterDepth(stack);
    const deliveriesFrom = stack.hook.attempts.length;
    const alerts = size === 'full' ? 6 : 3;
    const sent = await flowAlerts(stack, tenant, { notifications: alerts, alertsPerNotification: 1, intervalMs: 300, label: 'slow-hook' });
    const approvals = await pendingApprovals(stack, tenant, alerts);

    const attemptsBefore = stack.executorTarget.attempts.length;
    // Past the task's timeout (3 s), within the executor's own 5 s per attempt: the one attempt outlives the task.
    stack.executorTarget.delayMs = DRILL_EXECUTE_TIMEOUT_SECONDS * 1_000 + 1_000;
    const approvedAt = Date.now();
    let votes: Awaited<ReturnType<DrillStack['api']>>[];
    try {
      votes = await Promise.all(
        approvals.map((approval) =>
          stack.api('POST', `/v1/approvals/${String(approval.id)}/approve`, { tenant, roles: ['approver'], subject: 'alice' }, {}),
        ),
      );
      // Until every action has reached the receiver and every outcome is recorded (or a minute has passed)…
      for (let tries = 0; tries < 120; tries++) {
        const recorded = (await auditChain(stack, tenant)).filter(
          (line) => line.type === 'action.executed' || line.type === 'action.failed',
        );
        if (stack.executorTarget.attempts.length - attemptsBefore >= approvals.length && recorded.length >= approvals.length) break;
        await sleep(500);
      }
      // …and past the executor's wait, so that a retry it made would have arrived.
      await sleep(DRILL_EXECUTE_TIMEOUT_SECONDS * 1_000 + 3_000);
    } finally {
      stack.executorTarget.delayMs = 0;
    }
    const faultEndedAt = Date.now();
    const figures = await settle(stack, tenant, sent, {
      faultEndedAt,
      otherDeadLettersBefore,
      deliveries: stack.hook.attempts.slice(deliveriesFrom),
    });

    const chain = await auditChain(stack, tenant);
    const calls = stack.executorTarget.attempts.slice(attemptsBefore);
    const callsPerDelivery = new Map<string, number>();
    for (const call of calls) callsPerDelivery.set(call.deliveryId, (callsPerDelivery.get(call.deliveryId) ?? 0) + 1);
    const outcomes = chain.filter((line) => line.type === 'action.executed' || line.type === 'action.failed');
    const outcomesPer = new Map<string, number>();
    for (const line of outcomes)
      outcomesPer.set(String(line.subjects.approvalId), (outcomesPer.get(String(line.subjects.approvalId)) ?? 0) + 1);
    const timedOut = outcomes.filter(
      (line) => line.type === 'action.failed' && JSON.stringify(line.data).includes('States.Timeout'),
    ).length;
    // Recovery here: from the approvals to the last outcome recorded (every workflow closed).
    const recoveryMs = Math.max(0, ...outcomes.map((line) => Date.parse(line.time) - approvedAt));
    return drillResult(this, { ...figures, recoveryMs }, [
      {
        what: 'every approval was approved',
        ok: votes.every((vote) => vote.status === 200),
        detail: votes.map((vote) => vote.status).join(', '),
      },
      {
        what: 'each timed-out action reached its receiver once, never retried',
        ok: callsPerDelivery.size === approvals.length && [...callsPerDelivery.values()].every((n) => n === 1),
        detail: `${calls.length} calls for ${approvals.length} actions`,
      },
      {
        what: 'each action has one outcome, the timeout, in the audit log',
        ok: outcomesPer.size === approvals.length && [...outcomesPer.values()].every((n) => n === 1) && timedOut === approvals.length,
        detail: `${outcomes.length} outcomes, ${timedOut} of them the timeout`,
      },
    ]);
  },
};
