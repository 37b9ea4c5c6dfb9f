import { getAlert } from '../../shared/app/alerts/read-alerts.ts';
import { getAlertRoute } from '../../shared/entry/api/alerts.ts';
import { alertsApi } from '../../shared/entry/compose/alerts.ts';
import { alertView } from '../../shared/entry/http/alert-view.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, alerts } = alertsApi();

export const handler = httpRoute(getAlertRoute, http).handle(async ({ principal, params }) => ({
  status: 200,
  body: alertView(await getAlert(alerts, principal.tenant, params.id)),
}));
