/** The aggregate routes: figures over time, read from the tenant's counters. */
import { dashboardQuery } from '../../app/stats/read-dashboard.ts';
import { METRICS_READERS, READERS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, route } from './route.ts';
import { dashboardView, modelStatsView } from './views.ts';

export const getDashboardRoute = route({
  operationId: 'getDashboard',
  method: 'GET',
  path: '/v1/stats/dashboard',
  tag: 'stats',
  summary: "The tenant's alerts, incidents, approvals, actions and LLM use over a time range",
  description:
    'Read from counters the audit writer keeps per hour and per day, never from the alerts themselves. At most 90 days; hourly for ranges up to 72 hours.',
  roles: READERS,
  query: dashboardQuery,
  responses: { 200: { description: 'The figures for the range', schema: dashboardView } },
  problems: [400, ...AUTH_PROBLEMS],
});

export const getMetricsRoute = route({
  operationId: 'getMetrics',
  method: 'GET',
  path: '/v1/metrics',
  tag: 'stats',
  summary: "The tenant's metrics in the Prometheus text exposition format, for Prometheus to scrape",
  description: [
    'Counters and histograms of the tenant since it began (alerts received, triage decisions by decider, LLM use, actions, approvals and their latency, incidents),',
    'read from the counters the audit writer keeps, and `alertgate_audit_unfolded_entries`: how far they are behind the audit chain.',
    'Prometheus scrapes it with `authorization: {credentials: <integration key with the metrics scope>}` (or a reader token).',
  ].join(' '),
  roles: METRICS_READERS,
  integrationKeys: true,
  responses: { 200: { description: 'The exposition (text/plain; version=0.0.4)', contentTypes: ['text/plain'] } },
  problems: AUTH_PROBLEMS,
});

export const getModelStatsRoute = route({
  operationId: 'getModelStats',
  method: 'GET',
  path: '/v1/stats/models',
  tag: 'stats',
  summary: 'How each LLM provider, model and A/B variant did over a time range',
  description:
    'Decisions, abstentions, agreement with later corrections, latency percentiles, tokens and cost, per provider, model and variant, so an A/B test can be judged. From the counters, like the dashboard; the same range rules.',
  roles: READERS,
  query: dashboardQuery,
  responses: { 200: { description: 'The figures per model', schema: modelStatsView } },
  problems: [400, ...AUTH_PROBLEMS],
});
