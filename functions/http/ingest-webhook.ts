import { SENDERS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { ingestResponse } from '../../shared/http/ingest-response.ts';
import { logger } from '../../shared/observability.ts';
import { pagerdutyRoutingKey } from '../../shared/sources/pagerduty.ts';
import { ingestWebhook } from '../../shared/use-cases/ingest-webhook.ts';
import { alertStore, auditLog, authenticator, triageQueue } from '../../shared/wiring.ts';

export const handler = httpRoute({
  route: 'POST /v1/webhooks/{source}',
  roles: SENDERS,
  rateLimit: 'webhook',
  jsonBody: true,
  integrationKeys: { inBody: (body, params) => (params.source === 'pagerduty' ? pagerdutyRoutingKey(body) : undefined) },
  authenticator,
}).handle(async ({ principal, params, body, correlationId }) => {
  const result = await ingestWebhook(
    { alerts: alertStore(), queue: triageQueue(), audit: auditLog() },
    principal.tenant,
    params.source,
    body,
    correlationId,
    principal.subject,
  );
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
