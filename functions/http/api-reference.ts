import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { docsAssetRoute, docsRoute } from '../../shared/entry/api/service.ts';
import { apiReference } from '../../shared/entry/http/api-reference.ts';
import { publicRoute } from '../../shared/entry/http/http-route.ts';

const reference = apiReference();

const page = publicRoute(docsRoute).handle(async ({ header }) => reference('', header('accept-encoding')));
const asset = publicRoute(docsAssetRoute).handle(async ({ params, header }) => reference(params.asset, header('accept-encoding')));

/** GET /docs (the reference page) and GET /docs/{asset} (its scripts and styles, the problem types page). */
export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  (event.pathParameters?.asset === undefined ? page : asset)(event, context);
