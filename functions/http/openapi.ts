import { openApiDocument } from '../../shared/entry/api/openapi.ts';
import { ROUTES } from '../../shared/entry/api/routes.ts';
import { openApiRoute } from '../../shared/entry/api/service.ts';
import { publicRoute } from '../../shared/entry/http/http-route.ts';

// Generated once per container: the declarations do not change while it lives.
const document = openApiDocument(ROUTES, { version: '1.0.0' });

export const handler = publicRoute(openApiRoute).handle(async () => ({
  status: 200,
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
