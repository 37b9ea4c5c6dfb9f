import { logger } from '../../shared/adapters/observability.ts';
import { recordOutcome } from '../../shared/app/remediation/record-outcome.ts';
import { recordOutcomeEventSchema } from '../../shared/domain/remediation/remediation-request-schema.ts';
import { remediationFunction } from '../../shared/entry/compose/remediation.ts';
import { stateMachineTask } from '../../shared/entry/lambda/state-machine-task.ts';

const deps = remediationFunction();

/** RecordOutcome, RecordExpired, RecordNotApproved and RecordFailed: how the remediation ended. */
export const handler = stateMachineTask(
  recordOutcomeEventSchema,
  async (event) => {
    const ending = await recordOutcome(deps, event);
    logger.info('remediation ended', { tenant: event.request.tenant, execution: event.request.execution, status: ending.status });
    return { status: ending.status };
  },
  (event) => event.request.correlationId,
);
