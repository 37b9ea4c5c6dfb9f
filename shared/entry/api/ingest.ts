/** Alert ingestion. */
import * as z from 'zod';
import { PARSERS } from '../../app/ingest/sources/index.ts';
import { SOURCES } from '../../domain/alerts/alert.ts';
import { SENDERS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, BODY_PROBLEMS, route } from './route.ts';
import { ingestView } from './views.ts';

export const ingestWebhookRoute = route({
  operationId: 'ingestWebhook',
  method: 'POST',
  path: '/v1/webhooks/{source}',
  tag: 'ingest',
  summary: 'Send alerts: an Alertmanager (v4), Grafana, PagerDuty Events v2 or generic JSON notification',
  description:
    'Validated, normalised, fingerprinted and deduplicated; new alerts, new revisions and resolutions are queued for triage. ' +
    "PagerDuty senders may put an integration key in the body's `routing_key`.",
  roles: SENDERS,
  integrationKeys: true,
  rateLimit: 'webhook',
  params: z.object({ source: z.string().meta({ description: `One of: ${SOURCES.join(', ')}`, examples: [...SOURCES] }) }),
  body: {
    // The {source} segment picks the schema, so the source's parser validates, not the route.
    schema: z.union(SOURCES.map((source) => PARSERS[source].payload.meta({ title: source }))),
    required: true,
    what: 'notification',
    validatedBy: 'use case',
  },
  responses: { 202: { description: 'What became of each alert, and the counts', schema: ingestView } },
  problems: [404, ...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});
