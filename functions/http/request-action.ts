import { RESPONDERS } from '../../shared/domain/roles.ts';
import { httpRoute } from '../../shared/http/http-route.ts';
import { requestAction } from '../../shared/use-cases/remediation/request-action.ts';
import { authenticator, remediation } from '../../shared/wiring.ts';

/** `{action, params}`: 202 with the execution (and approval) it started, or 403 when the policy forbids it; `Idempotency-Key` makes retries safe. */
export const handler = httpRoute({ route: 'POST /v1/alerts/{id}/actions', roles: RESPONDERS, jsonBody: true, authenticator }).handle(
  async ({ principal, params, body, correlationId, header }) => ({
    status: 202,
    body: await requestAction(remediation(), principal, params.id, body, correlationId, header('idempotency-key')),
  }),
);
