import type { WebhookResult } from '../../app/ingest/ingest-webhook.ts';

/**
 * The 202 body: counts and one entry per alert. PagerDuty senders also get the fields
 * PagerDuty's own Events API answers with, so their clients read it unchanged.
 */
export function ingestResponse(result: WebhookResult) {
  const body = {
    received: result.received,
    ...result.counts,
    truncatedAlerts: result.truncatedAlerts,
    alerts: result.alerts,
  };
  const first = result.alerts[0];
  if (result.source !== 'pagerduty' || first === undefined) return body;
  return { status: 'success', message: 'Event processed', dedup_key: first.fingerprint, ...body };
}
