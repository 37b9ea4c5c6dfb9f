/** The aggregate routes: figures over time, read from the tenant's counters. */
import { dashboardQuery } from '../../app/stats/read-dashboard.ts';
import { READERS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, route } from './route.ts';
import { dashboardView } from './views.ts';

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
