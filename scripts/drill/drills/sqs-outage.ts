/** SQS unavailable for 10 seconds during ingest: fauxqs stopped and started again with its messages. */
import { type Drill, drillResult, drillTenant, runUnderFault } from '../drill.ts';

export const sqsOutage: Drill = {
  name: 'sqs-outage',
  fault: 'SQS (fauxqs) stopped for 10 s during ingest, then started again',
  async run(stack, size) {
    const tenant = drillTenant('sqs');
    await stack.configureTenant(tenant);
    const flow =
      size === 'full'
        ? { notifications: 30, alertsPerNotification: 5, intervalMs: 700, faultAfter: 6 }
        : { notifications: 16, alertsPerNotification: 3, intervalMs: 800, faultAfter: 3 };
    const { sent, figures } = await runUnderFault(stack, tenant, flow, () => stack.alertgate.stack.faults.stopSqsFor(10_000));
    const refusedOnce = sent.filter((notification) => notification.attempts > 1).length;
    return drillResult(this, figures, [
      // The outage must have been felt at the door: ingest answers 503 (the sender retries) rather than accepting and dropping.
      { what: 'ingest refused while SQS was down, and was retried', ok: refusedOnce > 0, detail: `${refusedOnce} notifications retried` },
    ]);
  },
};
