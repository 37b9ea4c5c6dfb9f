import { listCorrectionsRoute } from '../../shared/entry/api/triage.ts';
import { correctionListApi } from '../../shared/entry/compose/corrections.ts';
import { httpRoute } from '../../shared/entry/http/http-route.ts';

const { http, learning } = correctionListApi();

export const handler = httpRoute(listCorrectionsRoute, http).handle(async ({ principal, query }) => ({
  status: 200,
  body: await learning.listCorrections(principal.tenant, query),
}));
