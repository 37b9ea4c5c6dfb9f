import { logger } from '../../shared/adapters/observability.ts';
import { executeAction } from '../../shared/app/remediation/execute-action.ts';
import { remediationRequestSchema } from '../../shared/domain/remediation/remediation-request-schema.ts';
import { executeActionFunction } from '../../shared/entry/compose/remediation.ts';
import { stateMachineTask } from '../../shared/entry/lambda/state-machine-task.ts';

const deps = executeActionFunction();

/** The ExecuteAction task: its result is the outcome (or why it was skipped), recorded by the next state. */
export const handler = stateMachineTask(
  remediationRequestSchema,
  async (request) => {
    const result = await executeAction(deps, request);
    const keys = { tenant: request.tenant, execution: request.execution, action: request.action.name };
    if ('skipped' in result) logger.info('action skipped', { ...keys, reason: result.skipped });
    else logger.info('action carried out', { ...keys, status: result.outcome.status, executor: result.outcome.executor });
    return result;
  },
  (request) => request.correlationId,
);
