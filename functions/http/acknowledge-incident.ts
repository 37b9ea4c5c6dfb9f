import { acknowledgeIncident } from '../../shared/app/incidents/change-incident.ts';
import { acknowledgeIncidentRoute } from '../../shared/entry/api/incidents.ts';
import { incidentChangeApi } from '../../shared/entry/compose/incidents.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { incidentView } from '../../shared/entry/http/incident-view.ts';

const deps = incidentChangeApi();

export const handler = httpRoute(acknowledgeIncidentRoute, deps.http).handle(async ({ principal, params, correlationId }) => ({
  status: 200,
  body: incidentView(await acknowledgeIncident(deps, principal, params.id, correlationId)),
}));
