import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/adapters/observability.ts';
import { resendOwedEvents } from '../../shared/app/ingest/resend-owed-events.ts';
import { alertStore, auditLog, triageQueue } from '../../shared/entry/wiring.ts';

/** Every minute: send the triage events whose writers died before sending them. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const result = await resendOwedEvents({ alerts: alertStore(), queue: triageQueue(), audit: auditLog(), log: logger });
    if (result.alerts > 0) logger.warn('resent triage events left behind', { ...result });
    return result;
  });
