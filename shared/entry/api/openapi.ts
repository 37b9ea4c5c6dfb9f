/**
 * The OpenAPI 3.1 document, generated from the route declarations and their zod schemas (zod 4's
 * JSON Schema output, draft 2020-12 as OpenAPI 3.1 uses). Schemas with a `meta({ id })` become
 * components; request schemas are described as the client sends them (`io: 'input'`: defaults
 * make fields optional), responses as the server answers.
 */
import * as z from 'zod';
import { type ProblemStatus, problemSchema, type RouteDeclaration } from './route.ts';

type Json = Record<string, unknown>;

const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemStatus | 500, string>> = {
  400: 'Malformed: not JSON, bad UTF-8, or a query or path parameter out of range',
  401: 'No credentials, or credentials that do not verify',
  403: 'The caller lacks a role this route requires, or the tenant policy forbids the action',
  404: 'Not found in the caller’s tenant (another tenant’s ids answer 404 too)',
  409: 'Conflicts with the current state (already decided, resolved, expired)',
  412: 'The resource changed since it was read',
  413: 'Body over 1 MiB, or too many alerts in one notification',
  415: 'The body must be JSON',
  422: 'The body does not fit the schema; `errors` names each field',
  428: 'Say which version you replace (If-Match)',
  429: 'Over the tenant’s rate; retry after `Retry-After` seconds',
  503: 'A dependency is unavailable; retry after `Retry-After` seconds',
  500: 'Internal error; quote the correlation id',
};

/** Turns JSON Schema `$defs` into components, renaming input variants that differ from the output ones. */
class Components {
  readonly schemas: Record<string, Json> = {};

  schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
    const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    const { $defs, $schema: _dialect, ...root } = generated as Json & { $defs?: Record<string, Json>; $schema?: string };
    const renames = new Map<string, string>();
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => {
          if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
            const id = inner.slice('#/$defs/'.length);
            return [key, `#/components/schemas/${renames.get(id) ?? id}`];
          }
          return [key, rewrite(inner)];
        }),
      );
    };
    // A definition the client sends differently from how the server answers (defaults) is its own component.
    for (const [id, definition] of Object.entries($defs ?? {})) {
      const existing = this.schemas[id];
      if (existing !== undefined && !same(existing, rewrite(definition))) renames.set(id, `${id}Input`);
    }
    for (const [id, definition] of Object.entries($defs ?? {})) this.schemas[renames.get(id) ?? id] = rewrite(definition) as Json;
    return rewrite(root) as Json;
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function parametersOf(components: Components, where: 'path' | 'query', schema: z.ZodType | undefined): Json[] {
  if (schema === undefined) return [];
  const object = components.schemaOf(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function securityOf(route: RouteDeclaration): Json[] {
  if (route.roles === 'public') return [];
  return route.integrationKeys === true ? [{ bearerJwt: [] }, { integrationKey: [] }] : [{ bearerJwt: [] }];
}

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };

function responsesOf(components: Components, route: RouteDeclaration): Json {
  const responses: Json = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const content: Json = {};
    if (response.schema !== undefined) content['application/json'] = { schema: components.schemaOf(response.schema, 'output') };
    for (const type of response.contentTypes ?? []) content[type] = { schema: { type: 'string' } };
    const headers = Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
    );
    responses[status] = {
      description: response.description,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  for (const status of [...route.problems, 500] as const) {
    responses[status] = {
      description: PROBLEM_DESCRIPTIONS[status],
      ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
      content: problem,
    };
  }
  return responses;
}

function operationOf(components: Components, route: RouteDeclaration): Json {
  const roles = route.roles === 'public' ? 'No token.' : `Roles: ${route.roles.join(', ')}.`;
  const headers = Object.entries(route.headers ?? {}).map(([name, description]) => ({
    name,
    in: 'header',
    required: false,
    description,
    schema: { type: 'string' },
  }));
  const body = route.body;
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: [route.description, roles].filter((part) => part !== undefined).join('\n\n'),
    'x-roles': route.roles === 'public' ? [] : route.roles,
    security: securityOf(route),
    parameters: [...parametersOf(components, 'path', route.params), ...parametersOf(components, 'query', route.query), ...headers],
    ...(body === undefined
      ? {}
      : {
          requestBody: { required: body.required, content: { 'application/json': { schema: components.schemaOf(body.schema, 'input') } } },
        }),
    responses: responsesOf(components, route),
  };
}

export function openApiDocument(
  routes: readonly RouteDeclaration[],
  options: { readonly version: string; readonly serverUrl?: string },
): Json {
  const components = new Components();
  components.schemaOf(problemSchema, 'output');
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(components, route) };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'alertgate',
      version: options.version,
      description:
        'Alert triage and approval-gated remediation. Every error is RFC 9457 `application/problem+json`; ' +
        'the problem types are listed at /docs/problems.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearerJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A JWT from the deployment's OpenID provider; its claims give the tenant and the roles",
        },
        integrationKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An integration key (`agk_…`), for senders of alerts',
        },
      },
    },
  };
}
