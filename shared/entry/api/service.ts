/** The service's own routes: liveness, the API document and its browsable reference. No token. */
import * as z from 'zod';
import { route } from './route.ts';

// Declared here, not in views.ts: the health function bundles nothing but what it answers.
const healthView = z.object({ status: z.literal('ok'), service: z.literal('alertgate'), stage: z.string() });

export const healthRoute = route({
  operationId: 'health',
  method: 'GET',
  path: '/v1/health',
  tag: 'service',
  summary: 'Liveness',
  roles: 'public',
  responses: { 200: { description: 'Up', schema: healthView } },
  problems: [],
});

export const openApiRoute = route({
  operationId: 'openApiDocument',
  method: 'GET',
  path: '/v1/openapi.json',
  tag: 'service',
  summary: 'This document (OpenAPI 3.1)',
  roles: 'public',
  responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
  problems: [],
});

export const docsRoute = route({
  operationId: 'apiReference',
  method: 'GET',
  path: '/docs',
  tag: 'service',
  summary: 'The browsable API reference of this document',
  roles: 'public',
  responses: { 200: { description: 'An HTML page', contentTypes: ['text/html'] } },
  problems: [],
});

export const docsAssetRoute = route({
  operationId: 'apiReferenceAsset',
  method: 'GET',
  path: '/docs/{asset}',
  tag: 'service',
  summary: "The reference's bundled assets (scripts, styles) and the problem types page",
  roles: 'public',
  params: z.object({ asset: z.string().min(1) }),
  responses: { 200: { description: 'The asset', contentTypes: ['text/html', 'text/javascript', 'text/css'] } },
  problems: [404],
});
