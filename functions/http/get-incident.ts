import { incidentDetail } from '../../shared/app/incidents/read-incidents.ts';
import { getIncidentRoute } from '../../shared/entry/api/incidents.ts';
import { incidentDetailApi } from '../../shared/entry/compose/incidents.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { incidentDetailView } from '../../shared/entry/http/incident-view.ts';

const { http, read } = incidentDetailApi();

export const handler = httpRoute(getIncidentRoute, http).handle(async ({ principal, params }) => ({
  status: 200,
  body: incidentDetailView(await incidentDetail(read, principal.tenant, params.id)),
}));
