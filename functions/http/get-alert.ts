import { getAlert } from '../../shared/app/alerts/read-alerts.ts';
import { READERS } from '../../shared/domain/roles.ts';
import { alertView } from '../../shared/entry/http/alert-view.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';
import { alertStore, authenticator } from '../../shared/entry/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/alerts/{id}', roles: READERS, authenticator }).handle(async ({ principal, params }) => ({
  status: 200,
  body: alertView(await getAlert(alertStore(), principal.tenant, params.id)),
}));
