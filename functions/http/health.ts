import { publicRoute } from '../../shared/entry/http/http-route.ts';

export const handler = publicRoute('GET /v1/health').handle(async () => ({
  status: 200,
  body: { status: 'ok', service: 'alertgate', stage: process.env.STAGE ?? 'unknown' },
}));
