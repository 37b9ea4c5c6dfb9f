import { logger, meter } from '../../shared/adapters/observability.ts';
import { resendOwedEvents } from '../../shared/app/ingest/resend-owed-events.ts';
import { resendOwedConfigEvents } from '../../shared/app/tenants/tenant-config.ts';
import { owedEventsSweeper } from '../../shared/entry/compose/ingest.ts';
import { owedConfigEventsSweeper } from '../../shared/entry/compose/tenants.ts';
import { scheduled } from '../../shared/entry/lambda/scheduled.ts';

const deps = owedEventsSweeper();
const configDeps = owedConfigEventsSweeper();

/** Every minute: send the triage and audit events whose writers died (or failed) before sending them. */
export const handler = scheduled('resend-owed-events', async () => {
  const result = await resendOwedEvents(deps);
  if (result.alerts > 0) logger.warn('resent triage events left behind', { ...result });
  meter.count('OwedEventsResent', { kind: 'alert' }, result.resent);
  const configEvents = await resendOwedConfigEvents(configDeps);
  if (configEvents > 0) logger.warn('resent config.changed events left behind', { configEvents });
  meter.count('OwedEventsResent', { kind: 'config' }, configEvents);
  return { ...result, configEvents };
});
