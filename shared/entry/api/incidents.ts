/** The incident routes. */
import * as z from 'zod';
import { mergeIncidentsBody } from '../../app/incidents/change-incident.ts';
import { listIncidentsQuery } from '../../app/incidents/read-incidents.ts';
import { READERS, RESPONDERS } from '../../domain/roles.ts';
import { AUTH_PROBLEMS, BODY_PROBLEMS, idParam, page, route } from './route.ts';
import { incidentDetailView, incidentView } from './views.ts';

export const listIncidentsRoute = route({
  operationId: 'listIncidents',
  method: 'GET',
  path: '/v1/incidents',
  tag: 'incidents',
  summary: "The tenant's incidents, newest first, filtered by status, severity, category, team and opening time",
  roles: READERS,
  query: listIncidentsQuery,
  responses: { 200: { description: 'A page of incidents', schema: page(incidentView) } },
  problems: [400, ...AUTH_PROBLEMS],
});

export const getIncidentRoute = route({
  operationId: 'getIncident',
  method: 'GET',
  path: '/v1/incidents/{id}',
  tag: 'incidents',
  summary: 'An incident with its alerts, their triage decisions and remediations, its approvals and its timeline',
  roles: READERS,
  params: z.object({ id: idParam }),
  responses: { 200: { description: 'The incident', schema: incidentDetailView } },
  problems: [404, ...AUTH_PROBLEMS],
});

export const acknowledgeIncidentRoute = route({
  operationId: 'acknowledgeIncident',
  method: 'POST',
  path: '/v1/incidents/{id}/acknowledge',
  tag: 'incidents',
  summary: 'Acknowledge an open incident (repeating it changes nothing)',
  roles: RESPONDERS,
  params: z.object({ id: idParam }),
  responses: { 200: { description: 'The incident, acknowledged', schema: incidentView } },
  problems: [404, 409, ...AUTH_PROBLEMS],
});

export const resolveIncidentRoute = route({
  operationId: 'resolveIncident',
  method: 'POST',
  path: '/v1/incidents/{id}/resolve',
  tag: 'incidents',
  summary: 'Resolve an incident by hand (it also resolves by itself when its last alert does)',
  roles: RESPONDERS,
  params: z.object({ id: idParam }),
  responses: { 200: { description: 'The incident, resolved', schema: incidentView } },
  problems: [404, 409, ...AUTH_PROBLEMS],
});

export const mergeIncidentsRoute = route({
  operationId: 'mergeIncidents',
  method: 'POST',
  path: '/v1/incidents/{id}/merge',
  tag: 'incidents',
  summary: 'Merge other incidents into this one: their alerts and approvals move here, all or none',
  roles: RESPONDERS,
  params: z.object({ id: idParam }),
  body: { schema: mergeIncidentsBody, required: true, what: 'merge request' },
  responses: { 200: { description: 'The incident the others were merged into', schema: incidentView } },
  problems: [404, 409, ...BODY_PROBLEMS, ...AUTH_PROBLEMS],
});
