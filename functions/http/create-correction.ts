import { correctAlert } from '../../shared/app/triage/correct-alert.ts';
import { createCorrectionRoute } from '../../shared/entry/api/triage.ts';
import { correctionChangeApi } from '../../shared/entry/compose/corrections.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const deps = correctionChangeApi();

export const handler = httpRoute(createCorrectionRoute, deps.http).handle(async ({ principal, params, body, correlationId, header }) => ({
  status: 201,
  body: await correctAlert(deps, principal, params.id, body, correlationId, header('idempotency-key')),
}));
