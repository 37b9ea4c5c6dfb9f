import { logger } from '../../shared/adapters/observability.ts';
import { assertMaySend } from '../../shared/app/auth/authenticate.ts';
import { ingestWebhook } from '../../shared/app/ingest/ingest-webhook.ts';
import { pagerdutyRoutingKey } from '../../shared/app/ingest/sources/pagerduty.ts';
import { ingestWebhookRoute } from '../../shared/entry/api/ingest.ts';
import { ingestApi } from '../../shared/entry/compose/ingest.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { ingestResponse } from '../../shared/entry/http/ingest-response.ts';

const { http, ingest } = ingestApi();

export const handler = httpRoute(ingestWebhookRoute, {
  ...http,
  keyInBody: (body, params) => (params.source === 'pagerduty' ? pagerdutyRoutingKey(body) : undefined),
}).handle(async ({ principal, params, body, correlationId }) => {
  assertMaySend(principal, params.source);
  const result = await ingestWebhook(ingest, principal.tenant, params.source, body, correlationId, principal.subject);
  logger.info('notification ingested', {
    source: result.source,
    received: result.received,
    ...result.counts,
    truncatedAlerts: result.truncatedAlerts,
  });
  if (result.truncatedAlerts > 0)
    logger.warn('the sender left alerts out of this notification', { truncatedAlerts: result.truncatedAlerts });
  return { status: 202, body: ingestResponse(result) };
});
