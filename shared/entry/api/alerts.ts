/** The alert routes. */
import * as z from 'zod';
import { listAlertsQuery } from '../../app/alerts/read-alerts.ts';
import { actionRequestBody } from '../../app/remediation/request-action.ts';
import { READERS, RESPONDERS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, BODY_PROBLEMS, idParam, page, route } from './route.ts';
import { alertView, remediationStartedView } from './views.ts';

export const listAlertsRoute = route({
  operationId: 'listAlerts',
  method: 'GET',
  path: '/v1/alerts',
  tag: 'alerts',
  summary: "The tenant's alerts, newest first",
  roles: READERS,
  query: listAlertsQuery,
  responses: { 200: { description: 'A page of alerts', schema: page(alertView) } },
  problems: [400, ...AUTH_PROBLEMS],
});

export const getAlertRoute = route({
  operationId: 'getAlert',
  method: 'GET',
  path: '/v1/alerts/{id}',
  tag: 'alerts',
  summary: 'An alert with its triage decision and remediations',
  roles: READERS,
  params: z.object({ id: idParam }),
  responses: { 200: { description: 'The alert', schema: alertView } },
  problems: [404, ...AUTH_PROBLEMS],
});

export const requestActionRoute = route({
  operationId: 'requestAction',
  method: 'POST',
  path: '/v1/alerts/{id}/actions',
  tag: 'alerts',
  summary: 'Ask for a remediation action on an alert, under the tenant policy',
  description:
    'The policy gives the mode: a workflow starts (auto or behind approvals), the tenant is notified, or the request is refused (403 naming the rule).',
  roles: RESPONDERS,
  params: z.object({ id: idParam }),
  body: { schema: actionRequestBody, required: true, what: 'action request', validatedBy: 'use case' },
  headers: { 'Idempotency-Key': 'Makes a retried request start nothing new' },
  responses: { 202: { description: 'The remediation it started, or the notification it sent', schema: remediationStartedView } },
  problems: [404, 409, ...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});
