/**
 * What a new item of a list in the settings form starts as, read from the API's own JSON Schema
 * (the OpenAPI document): its required fields and those with defaults, each at its default, its
 * first allowed value, or empty. Hand-written, and small: the form needs starting values, not a
 * validator (the API validates, and its errors are shown at their fields).
 */

/** Any JSON value: what the settings form edits. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly default?: Json;
  readonly const?: Json;
  readonly enum?: readonly Json[];
  readonly minimum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

/** Schemas by name, for `$ref: '#/components/schemas/<name>'`. */
export type SchemaIndex = Readonly<Record<string, JsonSchema>>;

function resolved(schema: JsonSchema | undefined, index: SchemaIndex): JsonSchema | undefined {
  if (schema?.$ref === undefined) return schema;
  return resolved(index[schema.$ref.split('/').at(-1) ?? ''], index);
}

/** The schema of the node at `path` (object keys, array indexes), or undefined where it says nothing. */
export function schemaAt(schema: JsonSchema | undefined, path: readonly string[], index: SchemaIndex = {}): JsonSchema | undefined {
  let node = resolved(schema, index);
  for (const segment of path) {
    if (node === undefined) return undefined;
    const variant = node.anyOf ?? node.oneOf;
    if (variant !== undefined)
      node = resolved(
        variant.find((option) => option.type !== 'null'),
        index,
      );
    node = resolved(/^\d+$/.test(segment) ? node?.items : node?.properties?.[segment], index);
  }
  return node;
}

/** A value that fits `schema` as far as the form can make one. */
export function skeletonOf(schema: JsonSchema | undefined, index: SchemaIndex = {}): Json {
  const node = resolved(schema, index);
  if (node === undefined) return null;
  if (node.default !== undefined) return structuredClone(node.default);
  if (node.const !== undefined) return node.const;
  if (node.enum !== undefined) return node.enum[0] ?? null;
  const variant = node.anyOf ?? node.oneOf;
  if (variant !== undefined)
    return skeletonOf(
      variant.find((option) => option.type !== 'null'),
      index,
    );
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  switch (type) {
    case 'object': {
      const required = new Set(node.required ?? []);
      const fields = Object.entries(node.properties ?? {}).filter(
        ([name, field]) => required.has(name) || resolved(field, index)?.default !== undefined,
      );
      return Object.fromEntries(fields.map(([name, field]) => [name, skeletonOf(field, index)]));
    }
    case 'array':
      return Array.from({ length: node.minItems ?? 0 }, () => skeletonOf(node.items, index));
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return node.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}
