import { logger } from '../../shared/adapters/observability.ts';
import { requestApproval } from '../../shared/app/remediation/request-approval.ts';
import { requestApprovalEventSchema } from '../../shared/domain/remediation/remediation-request-schema.ts';
import { remediationFunction } from '../../shared/entry/compose/remediation.ts';
import { stateMachineTask } from '../../shared/entry/lambda/state-machine-task.ts';

const deps = remediationFunction();

/** The RequestApproval task (.waitForTaskToken), the workflow's gate: the token is stored (or, in auto mode, sent back), never logged or returned. */
export const handler = stateMachineTask(
  requestApprovalEventSchema,
  async ({ taskToken, request }) => {
    const approval = await requestApproval(deps, taskToken, request);
    if (approval === undefined) {
      logger.info('auto mode: the gate opened at once', { tenant: request.tenant, execution: request.execution });
      return {};
    }
    logger.info('approval requested', { tenant: request.tenant, approvalId: approval.id, status: approval.status });
    return { approvalId: approval.id };
  },
  ({ request }) => request.correlationId,
);
