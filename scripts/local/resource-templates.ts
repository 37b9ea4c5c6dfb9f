import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CollectionTag, parse, type ScalarTag } from 'yaml';

/** One CloudFormation resource as written in `resources/*.yml`, Serverless variables resolved. */
export type CloudFormationResource = {
  Type: string;
  Properties: Record<string, unknown>;
};

/** Resources by logical ID, e.g. `{ AlertsTable: { Type: 'AWS::DynamoDB::Table', Properties: {…} } }`. */
export type ResourceMap = Record<string, CloudFormationResource>;

/** The resource files the local stack creates; relative to the project root. */
export const RESOURCE_FILES = ['resources/dynamodb.yml', 'resources/sqs.yml'];

/**
 * Reads the DynamoDB and SQS resource templates and resolves the Serverless variables they use
 * (`${self:service}`, `${sls:stage}`, `${self:custom.…}`, looked up in `serverless.yml`).
 * CloudFormation short tags become their long form: `!GetAtt A.Arn` → `{ 'Fn::GetAtt': ['A', 'Arn'] }`.
 *
 * @example
 * const resources = await loadResourceTemplates('/work/main', 'dev');
 * resources.TriageQueue?.Properties.QueueName; // 'alertgate-dev-triage'
 */
export async function loadResourceTemplates(root: string, stage: string): Promise<ResourceMap> {
  const serverless = await readYaml(join(root, 'serverless.yml'));
  if (!isRecord(serverless)) throw new Error(`${join(root, 'serverless.yml')} is not a YAML mapping`);
  const resolver = new VariableResolver(serverless, stage);

  const resources: ResourceMap = {};
  for (const file of RESOURCE_FILES) {
    const template = await readYaml(join(root, file));
    const section = isRecord(template) ? template.Resources : undefined;
    if (!isRecord(section)) throw new Error(`${file} has no Resources mapping`);
    for (const [logicalId, raw] of Object.entries(section)) {
      const where = `${file} Resources.${logicalId}`;
      if (logicalId in resources) throw new Error(`${where}: logical ID already defined in another resource file`);
      const resource = withoutConditionals(resolver.resolve(raw, where));
      if (!isRecord(resource) || typeof resource.Type !== 'string') throw new Error(`${where}: expected a mapping with a Type`);
      const properties = resource.Properties ?? {};
      if (!isRecord(properties)) throw new Error(`${where}.Properties: expected a mapping`);
      resources[logicalId] = { Type: resource.Type, Properties: properties };
    }
  }
  return resources;
}

/**
 * The template's conditions are all false locally (they only carry a cloud stage through an
 * upgrade), so `Fn::If` takes its second branch, and `Ref: AWS::NoValue` leaves nothing.
 */
const NO_VALUE = Symbol('AWS::NoValue');
function withoutConditionals(value: unknown): unknown {
  const conditional = isRecord(value) && Object.keys(value).length === 1 ? value['Fn::If'] : undefined;
  if (Array.isArray(conditional) && conditional.length === 3) return withoutConditionals(conditional[2]);
  if (isRecord(value) && Object.keys(value).length === 1 && value.Ref === 'AWS::NoValue') return NO_VALUE;
  if (Array.isArray(value)) return value.map(withoutConditionals).filter((item) => item !== NO_VALUE);
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, item]) => [key, withoutConditionals(item)] as const)
        .filter(([, item]) => item !== NO_VALUE),
    );
  }
  return value;
}

/** Resolves the three Serverless variable sources the resource files use; anything else throws. */
class VariableResolver {
  private readonly config: Record<string, unknown>;
  private readonly stage: string;

  constructor(config: Record<string, unknown>, stage: string) {
    this.config = config;
    this.stage = stage;
  }

  /** Deeply resolves `value`; `where` names its place for error messages. */
  resolve(value: unknown, where: string, chain: readonly string[] = []): unknown {
    if (typeof value === 'string') return this.resolveString(value, where, chain);
    if (Array.isArray(value)) return value.map((item, index) => this.resolve(item, `${where}[${index}]`, chain));
    if (isRecord(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item, `${where}.${key}`, chain)]));
    }
    return value;
  }

  /**
   * Innermost variable first, so `${self:custom.${sls:stage}}` works. A string that is exactly one
   * variable takes the variable's value and type (`VisibilityTimeout: ${self:custom.x}` → 180).
   * CloudFormation's own `${AWS::Region}` / `${LogicalId}` (inside `Fn::Sub`) are left as they are.
   */
  private resolveString(text: string, where: string, chain: readonly string[]): unknown {
    let current = text;
    for (;;) {
      const match = [...current.matchAll(/\$\{([^${}]*)\}/g)].find(([, expression = '']) => isServerlessVariable(expression));
      if (match === undefined) return current;
      const [variable, expression = ''] = match;
      const value = this.resolveVariable(expression.trim(), variable, where, chain);
      if (variable === current) return value;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new Error(
          `${where}: ${variable} resolves to a non-scalar (${value === null ? 'null' : typeof value}), which cannot be part of the string "${text}"`,
        );
      }
      current = current.slice(0, match.index) + String(value) + current.slice(match.index + variable.length);
    }
  }

  private resolveVariable(expression: string, variable: string, where: string, chain: readonly string[]): unknown {
    if (expression === 'sls:stage') return this.stage;
    const self = /^self:([\w-]+(?:\.[\w-]+)*)$/.exec(expression);
    const path = self?.[1];
    if (path === undefined) {
      throw new Error(
        `${where}: cannot resolve Serverless variable ${variable}; the local stack resolves only \${self:…} and \${sls:stage} (no fallbacks)`,
      );
    }
    if (chain.includes(path)) throw new Error(`${where}: circular Serverless variables: ${[...chain, path].join(' → ')}`);
    const raw = lookUp(this.config, path);
    if (raw === undefined) throw new Error(`${where}: cannot resolve Serverless variable ${variable}: serverless.yml has no ${path}`);
    return this.resolve(raw, `${where} → serverless.yml ${path}`, [...chain, path]);
  }
}

/**
 * Serverless' syntax: `source:address` (`self:`, `sls:`, `opt:`, `env:`, …) or `file(…)`.
 * `AWS::Region` and plain names are CloudFormation `Fn::Sub` placeholders, not variables.
 */
function isServerlessVariable(expression: string): boolean {
  return /^\s*(?:[a-zA-Z][\w-]*:(?!:)|[a-zA-Z]\w*\()/.test(expression);
}

function lookUp(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isRecord(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

async function readYaml(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return parse(text, { customTags: CLOUDFORMATION_TAGS, prettyErrors: true });
  } catch (error: unknown) {
    throw new Error(`Cannot parse ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * CloudFormation's short-form intrinsics, each as scalar and sequence (and, where CloudFormation
 * allows it, mapping) so that any of them parses into the long form `{ 'Fn::X': … }`.
 */
const CLOUDFORMATION_TAGS: (ScalarTag | CollectionTag)[] = [
  ...intrinsic('!Ref', 'Ref'),
  ...intrinsic('!Condition', 'Condition'),
  ...intrinsic('!GetAtt', 'Fn::GetAtt', (scalar) => {
    // `!GetAtt Queue.Arn` → ['Queue', 'Arn']; only the first dot separates the logical ID.
    const dot = scalar.indexOf('.');
    return dot === -1 ? [scalar] : [scalar.slice(0, dot), scalar.slice(dot + 1)];
  }),
  ...[
    'Base64',
    'Cidr',
    'FindInMap',
    'GetAZs',
    'ImportValue',
    'Join',
    'Select',
    'Split',
    'Sub',
    'Transform',
    'And',
    'Equals',
    'If',
    'Not',
    'Or',
  ].flatMap((name) => intrinsic(`!${name}`, `Fn::${name}`)),
];

function intrinsic(tag: string, key: string, fromScalar: (scalar: string) => unknown = (scalar) => scalar): (ScalarTag | CollectionTag)[] {
  return [
    { tag, resolve: (scalar: string) => ({ [key]: fromScalar(scalar) }) },
    { tag, collection: 'seq', resolve: (seq) => ({ [key]: seq.toJSON() }) },
    { tag, collection: 'map', resolve: (map) => ({ [key]: map.toJSON() }) },
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
