import { mergeIncidents } from '../../shared/app/incidents/change-incident.ts';
import { mergeIncidentsRoute } from '../../shared/entry/api/incidents.ts';
import { incidentChangeApi } from '../../shared/entry/compose/incidents.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { incidentView } from '../../shared/entry/http/incident-view.ts';

const deps = incidentChangeApi();

export const handler = httpRoute(mergeIncidentsRoute, deps.http).handle(async ({ principal, params, body, correlationId }) => ({
  status: 200,
  body: incidentView(await mergeIncidents(deps, principal, params.id, body, correlationId)),
}));
