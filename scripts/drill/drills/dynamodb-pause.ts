/** DynamoDB Local frozen for 5 seconds (SIGSTOP, then SIGCONT) while alerts flow. */
import { type Drill, drillResult, drillTenant, runUnderFault } from '../drill.ts';

export const dynamodbPause: Drill = {
  name: 'dynamodb-pause',
  fault: 'DynamoDB Local paused for 5 s (SIGSTOP/SIGCONT)',
  async run(stack, size) {
    const tenant = drillTenant('ddb');
    await stack.configureTenant(tenant);
    const flow =
      size === 'full'
        ? { notifications: 24, alertsPerNotification: 5, intervalMs: 600, faultAfter: 6 }
        : { notifications: 12, alertsPerNotification: 3, intervalMs: 700, faultAfter: 3 };
    const { figures } = await runUnderFault(stack, tenant, flow, () => stack.alertgate.stack.faults.pauseDynamoDb(5_000));
    return drillResult(this, figures, []);
  },
};
