import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { readFunctionDefinitions } from '../../../../scripts/local/functions-yml.ts';
import { openApiDocument } from '../../../../shared/entry/api/openapi.ts';
import { ROUTES } from '../../../../shared/entry/api/routes.ts';
import { PROBLEM_TYPES } from '../../../../shared/entry/http/problem.ts';

const root = new URL('../../../../', import.meta.url).pathname;
const document = openApiDocument(ROUTES, { version: '1.0.0' });
type Operation = {
  security: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  parameters: { name: string; in: string }[];
};
const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
);

/** Every httpApi event of resources/functions.yml, as `METHOD /path`. */
async function deployedRoutes(): Promise<string[]> {
  const functions = await readFunctionDefinitions(root);
  return Object.values(functions).flatMap((definition) => {
    const events = Array.isArray(definition.events) ? definition.events : [];
    // `httpApi: '*'` is the $default route (problem+json 404s), not an operation.
    return events.flatMap((event: { httpApi?: { method: string; path: string } | '*' }) =>
      event.httpApi === undefined || event.httpApi === '*' ? [] : [`${event.httpApi.method.toUpperCase()} ${event.httpApi.path}`],
    );
  });
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('declares exactly the routes resources/functions.yml deploys', async () => {
    const deployed = (await deployedRoutes()).sort();
    const declared = ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    expect(deployed.length).toBeGreaterThan(20);
    expect(declared).toEqual(deployed);
  });

  it('gives every operation a unique id', () => {
    const ids = ROUTES.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('requires a bearer token everywhere but health, the document, its reference, the checkpoint keys and what Slack signs, and names integration keys where accepted', () => {
    const open = operations.filter(({ operation }) => operation.security.length === 0).map(({ method, path }) => `${method} ${path}`);
    expect(open.sort()).toEqual([
      'get /docs',
      'get /docs/{asset}',
      'get /v1/audit/public-key',
      'get /v1/health',
      'get /v1/openapi.json',
      // Authenticated by Slack's request signature instead (see its description).
      'post /v1/integrations/slack/interactions',
    ]);
    const webhook = operations.find(({ path }) => path === '/v1/webhooks/{source}');
    expect(webhook?.operation.security).toEqual([{ bearerJwt: [] }, { integrationKey: [] }]);
  });

  it('answers every 4xx and 5xx as problem+json', () => {
    const errors = operations.flatMap(({ method, path, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => ({ at: `${method} ${path} ${status}`, types: Object.keys(response.content ?? {}) })),
    );
    expect(errors.length).toBeGreaterThan(ROUTES.length);
    for (const { at, types } of errors) expect(types, at).toEqual(['application/problem+json']);
  });

  it('lists every path parameter of every path', () => {
    for (const { path, operation } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const declared = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
      expect(declared, path).toEqual(inPath);
    }
  });

  it('documents every problem type it can answer with, one anchor each', () => {
    const slugs = PROBLEM_TYPES.map((problem) => problem.slug);
    expect(slugs).toContain('validation');
    expect(new Set(slugs).size).toBe(slugs.length);
  });
});
