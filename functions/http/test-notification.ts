import { sendTestNotification } from '../../shared/app/tenants/test-notification.ts';
import { testNotificationRoute } from '../../shared/entry/api/tenants.ts';
import { notificationTestApi } from '../../shared/entry/compose/tenants.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const deps = notificationTestApi();

export const handler = httpRoute(testNotificationRoute, deps.http).handle(async ({ principal, params, body, correlationId }) => ({
  status: 200,
  body: await sendTestNotification(deps, principal, params.tenant, body, correlationId),
}));
