import { requestAction } from '../../shared/app/remediation/request-action.ts';
import { requestActionRoute } from '../../shared/entry/api/alerts.ts';
import { approvalsApi } from '../../shared/entry/compose/remediation.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, remediation } = approvalsApi();

/** 202 with the execution (and approval) it started, or 403 when the policy forbids it; `Idempotency-Key` makes retries safe. */
export const handler = httpRoute(requestActionRoute, http).handle(async ({ principal, params, body, correlationId, header }) => ({
  status: 202,
  body: await requestAction(remediation, principal, params.id, body, correlationId, header('idempotency-key')),
}));
