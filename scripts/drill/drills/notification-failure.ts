/**
 * A notification target failing (503 to everything for 10 s) while approvals are being asked for:
 * the workflow goes on, each failure is audited with its resend scheduled, and once the target
 * answers again every approval has been notified, none twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Drill, drillResult, drillTenant, runUnderFault } from '../drill.ts';
import { auditChain } from '../drill-outcome.ts';

export const notificationFailure: Drill = {
  name: 'notification-failure',
  fault: 'the notification target answers 503 to everything for 10 s',
  async run(stack, size) {
    const tenant = drillTenant('notify');
    await stack.configureTenant(tenant);
    const flow =
      size === 'full'
        ? { notifications: 20, alertsPerNotification: 2, intervalMs: 1_000, faultAfter: 5 }
        : { notifications: 16, alertsPerNotification: 1, intervalMs: 1_000, faultAfter: 3 };
    const { figures } = await runUnderFault(stack, tenant, flow, async () => {
      stack.hook.failing = true;
      try {
        await sleep(10_000);
      } finally {
        stack.hook.failing = false;
      }
    });

    const chain = await auditChain(stack, tenant);
    const requested = chain.filter((line) => line.type === 'approval.requested').map((line) => line.subjects.approvalId);
    const told = (type: string) =>
      new Set(
        chain
          .filter((line) => line.type === type && line.data.event === 'requested')
          .map((line) => line.subjects.approvalId)
          .filter((id) => id !== undefined),
      );
    const sent = told('notification.sent');
    const failed = told('notification.failed');
    const ofRequests = chain.filter((line) => line.data.event === 'requested');
    const resendsScheduled = ofRequests.filter((line) => line.type === 'notification.failed' && line.data.willRetry === true).length;
    const resent = ofRequests.filter((line) => line.type === 'notification.sent' && Number(line.data.retry ?? 0) > 0).length;
    const unnotified = requested.filter((id) => id !== undefined && !sent.has(id));
    return drillResult(this, figures, [
      {
        what: 'every approval asked for was notified in the end',
        ok: requested.length > 0 && unnotified.length === 0,
        detail: `${requested.length} approvals: ${sent.size} notified (${resent} by a resend), ${unnotified.length} not`,
      },
      {
        what: 'the failures while the target was down are audited, each with its resend scheduled',
        ok: failed.size > 0 && resendsScheduled > 0,
        detail: `${failed.size} approvals with a failure audited, ${resendsScheduled} resends scheduled`,
      },
    ]);
  },
};
