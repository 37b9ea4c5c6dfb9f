import { READERS } from '../../shared/domain/roles.ts';
import { alertView } from '../../shared/http/alert-view.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { getAlert } from '../../shared/use-cases/read-alerts.ts';
import { alertStore, authenticator } from '../../shared/wiring.ts';

export const handler = httpRoute({ route: 'GET /v1/alerts/{id}', roles: READERS, authenticator }).handle(async ({ principal, params }) => ({
  status: 200,
  body: alertView(await getAlert(alertStore(), principal.tenant, params.id)),
}));
