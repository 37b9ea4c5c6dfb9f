/** New list items in the settings form start from the API's own schema, and the API accepts them once filled in. */
import { describe, expect, it } from 'vitest';
import { tenantConfigSchema } from '../../shared/domain/tenants/tenant-config.ts';
import { openApiDocument } from '../../shared/entry/api/openapi.ts';
import { ROUTES } from '../../shared/entry/api/routes.ts';
import { type JsonSchema, type SchemaIndex, schemaAt, skeletonOf } from '../src/components/json-skeleton.ts';

const document = openApiDocument(ROUTES, { version: '1.0.0' }) as { components: { schemas: SchemaIndex } };
const index = document.components.schemas;
const root = index.TenantConfig as JsonSchema;

describe('a new item from the schema', () => {
  it('gives a notification target its required fields and its defaults, and nothing else', () => {
    const target = skeletonOf(schemaAt(root, ['notifications', 'targets', '0'], index), index);
    expect(target).toMatchObject({ id: '', type: 'slack', url: '' });
    expect(Object.keys(target as object).sort()).toEqual(['events', 'id', 'type', 'url']);
  });

  it('gives an LLM provider a type and model to fill in, and its default timeout', () => {
    expect(skeletonOf(schemaAt(root, ['providers', '0'], index), index)).toMatchObject({ type: 'bedrock', timeoutMs: 8000 });
  });

  it('makes a routing rule the API accepts once its blanks are filled in', () => {
    const rulePath = ['routing', 'rules', '0'];
    const rule = skeletonOf(schemaAt(root, rulePath, index), index);
    expect(rule).toEqual({ id: '', matchers: [''], continue: false, set: {} });
    // As it starts, the API names what to fill in: the form shows each at its field.
    const blank = tenantConfigSchema.safeParse({ routing: { rules: [rule] } });
    expect(blank.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['routing.rules.0.id', 'routing.rules.0.set']),
    );
    const filled = { id: 'db', matchers: ['alertname="PostgresDown"'], continue: false, set: { category: 'Databases' } };
    expect(tenantConfigSchema.safeParse({ routing: { rules: [filled] } }).success).toBe(true);
  });

  it('knows nothing of a path the schema does not describe', () => {
    expect(schemaAt(root, ['no-such-part', '0'], index)).toBeUndefined();
  });
});
