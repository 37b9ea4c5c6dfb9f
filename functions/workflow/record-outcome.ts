import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/observability.ts';
import { recordOutcomeEventSchema } from '../../shared/remediation/workflow-state.ts';
import { recordOutcome } from '../../shared/use-cases/remediation/record-outcome.ts';
import { remediation } from '../../shared/wiring.ts';

/** RecordOutcome, RecordExpired, RecordNotApproved and RecordFailed: how the remediation ended. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const parsed = recordOutcomeEventSchema.parse(event);
    const ending = await recordOutcome(remediation(), parsed);
    logger.info('remediation ended', { tenant: parsed.request.tenant, execution: parsed.request.execution, status: ending.status });
    return { status: ending.status };
  });
