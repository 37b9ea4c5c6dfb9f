import { logger } from '../../shared/adapters/observability.ts';
import { resendOwedEvents } from '../../shared/app/ingest/resend-owed-events.ts';
import { owedEventsSweeper } from '../../shared/entry/compose/ingest.ts';
import { scheduled } from '../../shared/entry/lambda/scheduled.ts';

const deps = owedEventsSweeper();

/** Every minute: send the triage events whose writers died before sending them. */
export const handler = scheduled('resend-owed-events', async () => {
  const result = await resendOwedEvents(deps);
  if (result.alerts > 0) logger.warn('resent triage events left behind', { ...result });
  return result;
});
