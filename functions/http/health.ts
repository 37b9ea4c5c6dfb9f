import { healthRoute } from '../../shared/entry/api/service.ts';
import { readConfig } from '../../shared/entry/config/config.ts';
import { publicRoute } from '../../shared/entry/http/http-route.ts';

const { STAGE } = readConfig(['STAGE']);

export const handler = publicRoute(healthRoute).handle(async () => ({
  status: 200,
  body: { status: 'ok', service: 'alertgate', stage: STAGE },
}));
