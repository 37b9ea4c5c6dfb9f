import { listAlerts } from '../../shared/app/alerts/read-alerts.ts';
import { listAlertsRoute } from '../../shared/entry/api/alerts.ts';
import { alertsApi } from '../../shared/entry/compose/alerts.ts';
import { alertView } from '../../shared/entry/http/alert-view.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, alerts } = alertsApi();

export const handler = httpRoute(listAlertsRoute, http).handle(async ({ principal, query }) => {
  const page = await listAlerts(alerts, principal.tenant, query);
  return { status: 200, body: { items: page.items.map(alertView), cursor: page.cursor } };
});
