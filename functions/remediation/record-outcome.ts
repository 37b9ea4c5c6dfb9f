import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/adapters/observability.ts';
import { recordOutcome } from '../../shared/app/remediation/record-outcome.ts';
import { recordOutcomeEventSchema } from '../../shared/domain/remediation/remediation-request-schema.ts';
import { remediation } from '../../shared/entry/wiring.ts';

/** RecordOutcome, RecordExpired, RecordNotApproved and RecordFailed: how the remediation ended. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const parsed = recordOutcomeEventSchema.parse(event);
    const ending = await recordOutcome(remediation(), parsed);
    logger.info('remediation ended', { tenant: parsed.request.tenant, execution: parsed.request.execution, status: ending.status });
    return { status: ending.status };
  });
