import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/observability.ts';
import { resendOwedEvents } from '../../shared/use-cases/resend-owed-events.ts';
import { alertStore, auditLog, triageQueue } from '../../shared/wiring.ts';

/** Every minute: send the triage events whose writers died before sending them. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const result = await resendOwedEvents({ alerts: alertStore(), queue: triageQueue(), audit: auditLog() });
    if (result.alerts > 0) logger.warn('resent triage events left behind', { ...result });
    return result;
  });
