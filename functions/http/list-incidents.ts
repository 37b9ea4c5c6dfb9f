import { listIncidents } from '../../shared/app/incidents/read-incidents.ts';
import { listIncidentsRoute } from '../../shared/entry/api/incidents.ts';
import { incidentListApi } from '../../shared/entry/compose/incidents.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { incidentView } from '../../shared/entry/http/incident-view.ts';

const { http, incidents } = incidentListApi();

export const handler = httpRoute(listIncidentsRoute, http).handle(async ({ principal, query }) => {
  const page = await listIncidents(incidents, principal.tenant, query);
  return { status: 200, body: { items: page.items.map(incidentView), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) } };
});
