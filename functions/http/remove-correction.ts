import { removeCorrection } from '../../shared/app/triage/correct-alert.ts';
import { removeCorrectionRoute } from '../../shared/entry/api/triage.ts';
import { correctionChangeApi } from '../../shared/entry/compose/corrections.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const deps = correctionChangeApi();

export const handler = httpRoute(removeCorrectionRoute, deps.http).handle(async ({ principal, params, correlationId }) => {
  await removeCorrection(deps, principal, params.id, correlationId);
  return { status: 204 };
});
