/**
 * Reads a CloudFormation template and checks it against alertgate's infrastructure rules.
 *
 * Every rule is a pure function from a template to a list of violations (sentences naming the
 * resource at fault), so a test asserts `toEqual([])` and a failure says what is wrong. The
 * rules work on the JSON that `serverless package` writes, where `!GetAtt X.Arn` has already
 * become `{ "Fn::GetAtt": ["X", "Arn"] }` and `!Sub` has become `{ "Fn::Sub": "…" }`.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';

const resourceSchema = z.object({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).default({}),
  DeletionPolicy: z.string().optional(),
  UpdateReplacePolicy: z.string().optional(),
  DependsOn: z.union([z.string(), z.array(z.string())]).optional(),
});

const templateSchema = z.object({
  Conditions: z.record(z.string(), z.unknown()).optional(),
  Resources: z.record(z.string(), resourceSchema),
});

export type CfnResource = z.infer<typeof resourceSchema>;
export type CfnTemplate = z.infer<typeof templateSchema>;
type Json = Record<string, unknown>;

/** Validates parsed JSON as a template with a `Resources` section; throws on anything else. */
export function parseTemplate(json: unknown): CfnTemplate {
  return templateSchema.parse(json);
}

export function loadTemplate(path: string): CfnTemplate {
  const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return parseTemplate(json);
}

/** The resources of one type, as `[logicalId, resource]` pairs in template order. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function hasType(template: CfnTemplate, logicalId: string, types: readonly string[]): boolean {
  const resource = template.Resources[logicalId];
  return resource !== undefined && types.includes(resource.Type);
}

/** `{ "Fn::GetAtt": ["X", "Arn"] }` (or the `"X.Arn"` string form) → `{ logicalId: "X", attribute: "Arn" }`. */
export function getAttTarget(value: unknown): { logicalId: string; attribute: string } | undefined {
  if (!isJson(value)) return undefined;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt.length === 2 && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') {
    return { logicalId: getAtt[0], attribute: getAtt[1] };
  }
  if (typeof getAtt === 'string') {
    const dot = getAtt.indexOf('.');
    if (dot > 0) return { logicalId: getAtt.slice(0, dot), attribute: getAtt.slice(dot + 1) };
  }
  return undefined;
}

/** The logical id a `Ref` or `Fn::GetAtt` points at, if the value is either. */
function referencedLogicalId(value: unknown): string | undefined {
  if (isJson(value) && typeof value.Ref === 'string') return value.Ref;
  return getAttTarget(value)?.logicalId;
}

/**
 * Whether `value` is the ARN of a resource of one of `types` in the template: `Fn::GetAtt [X, <attribute>]`,
 * or a `Fn::Sub` whose string starts with `${X.<attribute>}` (e.g. `${AlertsTable.Arn}/index/byUpdatedAt`),
 * directly or through a variable of the Sub's map.
 */
export function isArnOfResource(
  template: CfnTemplate,
  value: unknown,
  types: readonly string[],
  attributes: readonly string[] = ['Arn'],
): boolean {
  const target = getAttTarget(value);
  if (target) return attributes.includes(target.attribute) && hasType(template, target.logicalId, types);
  if (!isJson(value) || !('Fn::Sub' in value)) return false;
  const sub = value['Fn::Sub'];
  const [text, variables] = Array.isArray(sub) ? [sub[0], sub[1]] : [sub, undefined];
  if (typeof text !== 'string') return false;
  const leading = /^\$\{([^}!]+)\}/.exec(text)?.[1];
  if (leading === undefined) return false;
  if (isJson(variables) && leading in variables) return isArnOfResource(template, variables[leading], types, attributes);
  const dot = leading.indexOf('.');
  if (dot <= 0) return false;
  return attributes.includes(leading.slice(dot + 1)) && hasType(template, leading.slice(0, dot), types);
}

// ---------------------------------------------------------------------------------------------
// SQS queues and event source mappings
// ---------------------------------------------------------------------------------------------

const SQS_QUEUE = 'AWS::SQS::Queue';
const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
/** CloudFormation's defaults when the property is absent. */
const DEFAULT_QUEUE_VISIBILITY_TIMEOUT_SECONDS = 30;
const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 3;
export const MIN_MAX_RECEIVE_COUNT = 5;
/** AWS's guidance for Lambda consumers: visibility timeout of at least six times the function timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

function redrivePolicyOf(queue: CfnResource): Json | undefined {
  const policy = queue.Properties.RedrivePolicy;
  if (typeof policy === 'string') {
    // CloudFormation also accepts the policy as a JSON string.
    try {
      const parsed: unknown = JSON.parse(policy);
      return isJson(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return isJson(policy) ? policy : undefined;
}

/** Queues that some queue of the template names as its dead-letter target. */
export function deadLetterQueueIds(template: CfnTemplate): Set<string> {
  const ids = new Set<string>();
  for (const [, queue] of resourcesOfType(template, SQS_QUEUE)) {
    const target = getAttTarget(redrivePolicyOf(queue)?.deadLetterTargetArn);
    if (target && hasType(template, target.logicalId, [SQS_QUEUE])) ids.add(target.logicalId);
  }
  return ids;
}

/** Queues that are not a dead-letter target of another queue: the ones that need a redrive policy. */
export function workQueueIds(template: CfnTemplate): string[] {
  const dlqs = deadLetterQueueIds(template);
  return resourcesOfType(template, SQS_QUEUE)
    .map(([id]) => id)
    .filter((id) => !dlqs.has(id));
}

/**
 * Every queue that is not itself a dead-letter queue redrives, through `Fn::GetAtt`, to another
 * queue of the template, after at least {@link MIN_MAX_RECEIVE_COUNT} receives.
 */
export function findRedriveViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const id of workQueueIds(template)) {
    const queue = template.Resources[id];
    if (queue === undefined) continue;
    const policy = redrivePolicyOf(queue);
    if (policy === undefined) {
      violations.push(`${id} has no RedrivePolicy`);
      continue;
    }
    const target = getAttTarget(policy.deadLetterTargetArn);
    if (target === undefined || target.attribute !== 'Arn') {
      violations.push(`${id} redrives to ${JSON.stringify(policy.deadLetterTargetArn)}, not to Fn::GetAtt <queue>.Arn`);
    } else if (!hasType(template, target.logicalId, [SQS_QUEUE])) {
      violations.push(`${id} redrives to ${target.logicalId}, which is not a queue of this template`);
    } else if (target.logicalId === id) {
      violations.push(`${id} redrives to itself`);
    }
    const maxReceiveCount = asNumber(policy.maxReceiveCount);
    if (maxReceiveCount === undefined || maxReceiveCount < MIN_MAX_RECEIVE_COUNT) {
      violations.push(`${id} has maxReceiveCount ${String(policy.maxReceiveCount)}, below ${MIN_MAX_RECEIVE_COUNT}`);
    }
  }
  return violations;
}

export function queueVisibilityTimeoutSeconds(queue: CfnResource): number | undefined {
  const value = queue.Properties.VisibilityTimeout;
  return value === undefined ? DEFAULT_QUEUE_VISIBILITY_TIMEOUT_SECONDS : asNumber(value);
}

export function functionTimeoutSeconds(fn: CfnResource): number | undefined {
  const value = fn.Properties.Timeout;
  return value === undefined ? DEFAULT_FUNCTION_TIMEOUT_SECONDS : asNumber(value);
}

export interface SqsEventSourceMapping {
  readonly id: string;
  readonly mapping: CfnResource;
  /** The consumed queue, when it is a queue of this template. */
  readonly queueId: string | undefined;
  /** The consuming function, when it resolves to a function of this template. */
  readonly functionId: string | undefined;
}

/** Follows `Ref`/`Fn::GetAtt` to a function, through an alias or version of it. */
function resolveFunctionId(template: CfnTemplate, value: unknown, depth = 0): string | undefined {
  const id = referencedLogicalId(value);
  if (id === undefined || depth > 3) return undefined;
  const resource = template.Resources[id];
  if (resource?.Type === LAMBDA_FUNCTION) return id;
  if (resource?.Type === 'AWS::Lambda::Alias' || resource?.Type === 'AWS::Lambda::Version') {
    return resolveFunctionId(template, resource.Properties.FunctionName, depth + 1);
  }
  return undefined;
}

/** Event source mappings whose source is an SQS queue, of this template or (by ARN) elsewhere. */
export function sqsEventSourceMappings(template: CfnTemplate): SqsEventSourceMapping[] {
  const mappings: SqsEventSourceMapping[] = [];
  for (const [id, mapping] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    const source = mapping.Properties.EventSourceArn;
    const target = getAttTarget(source);
    const queueId = target && hasType(template, target.logicalId, [SQS_QUEUE]) ? target.logicalId : undefined;
    const external = queueId === undefined && JSON.stringify(source ?? null).includes(':sqs:');
    if (queueId === undefined && !external) continue;
    mappings.push({ id, mapping, queueId, functionId: resolveFunctionId(template, mapping.Properties.FunctionName) });
  }
  return mappings;
}

/** SQS consumers report partial batch failures, so one bad message does not redeliver the whole batch. */
export function findBatchFailureReportingViolations(template: CfnTemplate): string[] {
  return sqsEventSourceMappings(template)
    .filter(({ mapping }) => !asList(mapping.Properties.FunctionResponseTypes).includes('ReportBatchItemFailures'))
    .map(({ id }) => `${id} does not list ReportBatchItemFailures in FunctionResponseTypes`);
}

/**
 * A consumed queue hides a received message for at least {@link VISIBILITY_TIMEOUT_FACTOR} times the
 * consumer's timeout, so a message is not redelivered while a (retried) invocation still works on it.
 */
export function findConsumerVisibilityTimeoutViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const { id, queueId, functionId } of sqsEventSourceMappings(template)) {
    const queue = queueId === undefined ? undefined : template.Resources[queueId];
    const fn = functionId === undefined ? undefined : template.Resources[functionId];
    if (queueId === undefined || queue === undefined) {
      violations.push(`${id} consumes a queue that is not in this template, so its visibility timeout cannot be checked`);
      continue;
    }
    if (functionId === undefined || fn === undefined) {
      violations.push(`${id} feeds a function that is not in this template, so its timeout cannot be checked`);
      continue;
    }
    violations.push(...findVisibilityTimeoutViolation(queueId, queue, functionTimeoutSeconds(fn), functionId));
  }
  return violations;
}

/** The visibility rule for one queue and one consumer timeout (planned or actual). */
export function findVisibilityTimeoutViolation(
  queueId: string,
  queue: CfnResource,
  consumerTimeoutSeconds: number | undefined,
  consumer: string,
): string[] {
  const visibility = queueVisibilityTimeoutSeconds(queue);
  if (visibility === undefined || consumerTimeoutSeconds === undefined) {
    return [`${queueId} or ${consumer} has a timeout that is not a number`];
  }
  const needed = VISIBILITY_TIMEOUT_FACTOR * consumerTimeoutSeconds;
  return visibility >= needed
    ? []
    : [
        `${queueId} has VisibilityTimeout ${visibility} s, below ${VISIBILITY_TIMEOUT_FACTOR} x ${consumer}'s ${consumerTimeoutSeconds} s = ${needed} s`,
      ];
}

// ---------------------------------------------------------------------------------------------
// Functions and roles
// ---------------------------------------------------------------------------------------------

const IAM_ROLE = 'AWS::IAM::Role';

/** The logical id of the function's role, when `Role` is `Fn::GetAtt [<role of this template>, Arn]`. */
export function roleIdOf(template: CfnTemplate, fn: CfnResource): string | undefined {
  const target = getAttTarget(fn.Properties.Role);
  return target && target.attribute === 'Arn' && hasType(template, target.logicalId, [IAM_ROLE]) ? target.logicalId : undefined;
}

/** Every function names its role explicitly, as `Fn::GetAtt` of a role defined in the template. */
export function findFunctionRoleViolations(template: CfnTemplate): string[] {
  return resourcesOfType(template, LAMBDA_FUNCTION)
    .filter(([, fn]) => roleIdOf(template, fn) === undefined)
    .map(([id, fn]) => `${id} has Role ${JSON.stringify(fn.Properties.Role)}, not Fn::GetAtt of an AWS::IAM::Role in the template`);
}

export interface FunctionPlatform {
  readonly runtime: string;
  readonly architecture: string;
  readonly tracingMode: string;
}

export function findFunctionPlatformViolations(template: CfnTemplate, expected: FunctionPlatform): string[] {
  const violations: string[] = [];
  for (const [id, fn] of resourcesOfType(template, LAMBDA_FUNCTION)) {
    const { Runtime, Architectures, TracingConfig } = fn.Properties;
    if (Runtime !== expected.runtime) violations.push(`${id} runs on ${String(Runtime)}, not ${expected.runtime}`);
    const architectures = asList(Architectures);
    if (architectures.length !== 1 || architectures[0] !== expected.architecture) {
      violations.push(`${id} has Architectures ${JSON.stringify(Architectures)}, not [${expected.architecture}]`);
    }
    const mode = isJson(TracingConfig) ? TracingConfig.Mode : undefined;
    if (mode !== expected.tracingMode) violations.push(`${id} has tracing ${String(mode)}, not ${expected.tracingMode}`);
  }
  return violations;
}

/** Functions that may share a role because they do the same thing (e.g. two read routes). */
export interface RoleSharingAllowance {
  readonly role: string;
  /** Logical ids of the functions, e.g. `ListAlertsLambdaFunction`. */
  readonly functions: readonly string[];
}

/** Role logical id → logical ids of the functions using it. */
export function functionsByRole(template: CfnTemplate): Map<string, string[]> {
  const byRole = new Map<string, string[]>();
  for (const [id, fn] of resourcesOfType(template, LAMBDA_FUNCTION)) {
    const role = roleIdOf(template, fn);
    if (role === undefined) continue;
    byRole.set(role, [...(byRole.get(role) ?? []), id]);
  }
  return byRole;
}

/** Two functions share a role only when one allowance names both, with that role. */
export function findRoleSharingViolations(template: CfnTemplate, allowlist: readonly RoleSharingAllowance[]): string[] {
  const violations: string[] = [];
  for (const [role, functions] of functionsByRole(template)) {
    for (const [index, first] of functions.entries()) {
      for (const second of functions.slice(index + 1)) {
        const allowed = allowlist.some(
          (allowance) => allowance.role === role && allowance.functions.includes(first) && allowance.functions.includes(second),
        );
        if (!allowed) violations.push(`${first} and ${second} share ${role} but are not allowlisted to`);
      }
    }
  }
  return violations;
}

/** Allowances that no longer describe the template (a renamed function or role), so they cannot hide a mistake later. */
export function findStaleRoleSharingAllowances(template: CfnTemplate, allowlist: readonly RoleSharingAllowance[]): string[] {
  const byRole = functionsByRole(template);
  const violations: string[] = [];
  for (const { role, functions } of allowlist) {
    const actual = byRole.get(role) ?? [];
    for (const fn of functions) {
      if (!actual.includes(fn)) violations.push(`allowlist says ${fn} uses ${role}, but it does not`);
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// IAM statements
// ---------------------------------------------------------------------------------------------

export interface IamStatement {
  /** Where the statement is, e.g. `ListAlertsRole/list-alerts#2`. */
  readonly where: string;
  readonly statement: Json;
}

/** X-Ray's write actions accept no resource narrower than `*`. */
export const ACTIONS_ALLOWED_ON_ANY_RESOURCE: readonly string[] = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

function statementsOf(document: unknown, where: string): IamStatement[] {
  if (!isJson(document)) return [];
  return asList(document.Statement).flatMap((statement, index) => (isJson(statement) ? [{ where: `${where}#${index}`, statement }] : []));
}

/** Every statement of the identity policies in the template: inline role policies and IAM policy resources. */
export function iamStatements(template: CfnTemplate): IamStatement[] {
  const statements: IamStatement[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === IAM_ROLE) {
      for (const [index, policy] of asList(resource.Properties.Policies).entries()) {
        if (!isJson(policy)) continue;
        const name = typeof policy.PolicyName === 'string' ? policy.PolicyName : String(index);
        statements.push(...statementsOf(policy.PolicyDocument, `${id}/${name}`));
      }
    } else if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      statements.push(...statementsOf(resource.Properties.PolicyDocument, id));
    }
  }
  return statements;
}

export function actionsOf(statement: Json): string[] {
  return asList(statement.Action).filter((action): action is string => typeof action === 'string');
}

function isAllow(statement: Json): boolean {
  return statement.Effect !== 'Deny';
}

/** `*` or `service:*`. */
function isWildcardAction(action: string): boolean {
  return action === '*' || /^[A-Za-z0-9-]+:\*$/.test(action);
}

/**
 * No Allow statement grants `*` or `service:*` actions, or uses NotAction/NotResource (a wildcard by
 * exclusion); `Resource: "*"` only for the allowed actions (default {@link ACTIONS_ALLOWED_ON_ANY_RESOURCE}). Roles attach no managed
 * policies, whose statements this check cannot see (the AWS-managed ones mostly grant `*`).
 */
export function findIamWildcardViolations(
  template: CfnTemplate,
  allowedOnAnyResource: readonly string[] = ACTIONS_ALLOWED_ON_ANY_RESOURCE,
): string[] {
  const violations: string[] = [];
  for (const { where, statement } of iamStatements(template)) {
    if (!isAllow(statement)) continue;
    const actions = actionsOf(statement);
    for (const action of actions.filter(isWildcardAction)) violations.push(`${where} allows the wildcard action ${action}`);
    if ('NotAction' in statement) violations.push(`${where} allows everything but its NotAction list`);
    if ('NotResource' in statement) violations.push(`${where} applies to everything but its NotResource list`);
    if (asList(statement.Resource).includes('*')) {
      const broad = actions.filter((action) => !allowedOnAnyResource.includes(action));
      if (broad.length > 0 || actions.length === 0) violations.push(`${where} allows ${broad.join(', ') || 'its actions'} on Resource "*"`);
    }
  }
  for (const [id, role] of resourcesOfType(template, IAM_ROLE)) {
    if (asList(role.Properties.ManagedPolicyArns).length > 0)
      violations.push(`${id} attaches managed policies, which this check cannot inspect`);
  }
  return violations;
}

/** Allow statements with at least one action of the service, e.g. `dynamodb`. */
export function statementsForService(template: CfnTemplate, service: string): IamStatement[] {
  return iamStatements(template).filter(
    ({ statement }) => isAllow(statement) && actionsOf(statement).some((action) => action.startsWith(`${service}:`)),
  );
}

/** A service's actions are granted on the ARNs of that kind of resource of the template, never on names or literal ARNs. */
const DATA_SERVICE_RESOURCES: ReadonlyArray<{ service: string; types: readonly string[]; attributes: readonly string[]; noun: string }> = [
  { service: 'dynamodb', types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'], attributes: ['Arn', 'StreamArn'], noun: 'table' },
  { service: 'sqs', types: [SQS_QUEUE], attributes: ['Arn'], noun: 'queue' },
];

export function findDataResourceReferenceViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const { service, types, attributes, noun } of DATA_SERVICE_RESOURCES) {
    for (const { where, statement } of statementsForService(template, service)) {
      const resources = asList(statement.Resource);
      if (resources.length === 0) violations.push(`${where} grants ${service} actions on no Resource`);
      for (const resource of resources) {
        if (!isArnOfResource(template, resource, types, attributes)) {
          violations.push(`${where} grants ${service} actions on ${JSON.stringify(resource)}, not on a ${noun} ARN of this template`);
        }
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Bundles
// ---------------------------------------------------------------------------------------------

/** `functions/http/health.handler` → `{ modulePath: 'functions/http/health', exportName: 'handler' }`. */
export function handlerParts(handler: string): { modulePath: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new Error(`handler ${handler} has no <module>.<export> form`);
  return { modulePath: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/** The artifact file name of a function, from the basename of its `Code.S3Key`. */
export function artifactNameOf(fn: CfnResource): string | undefined {
  const code = fn.Properties.Code;
  const key = isJson(code) ? code.S3Key : undefined;
  return typeof key === 'string' ? key.slice(key.lastIndexOf('/') + 1) : undefined;
}

export interface BundleContents {
  readonly fileNames: readonly string[];
  /** Text of the files the rule reads (`<module>.mjs` and `<module>.mjs.map`), by name. */
  readonly text: ReadonlyMap<string, string>;
}

const sourceMapSchema = z.object({ version: z.literal(3), sources: z.array(z.string()).min(1), mappings: z.string().min(1) });

/**
 * The handler is an ES module `<module>.mjs` that exports the handler, links a source map next to it,
 * and the map is a v3 map that covers the handler's TypeScript source.
 */
export function findBundleViolations(handler: string, bundle: BundleContents): string[] {
  const { modulePath, exportName } = handlerParts(handler);
  const moduleName = `${modulePath}.mjs`;
  const mapName = `${moduleName}.map`;
  const violations: string[] = [];
  for (const other of [`${modulePath}.js`, `${modulePath}.cjs`]) {
    if (bundle.fileNames.includes(other)) violations.push(`${other} is bundled, so the handler may load as CommonJS`);
  }
  const code = bundle.text.get(moduleName);
  if (!bundle.fileNames.includes(moduleName) || code === undefined) {
    violations.push(`${moduleName} is missing`);
  } else {
    const exported = [...code.matchAll(/\bexport\s*\{([^}]*)\}/g)].some(([, names]) =>
      (names ?? '').split(',').some(
        (name) =>
          name
            .trim()
            .split(/\s+as\s+/)
            .at(-1) === exportName,
      ),
    );
    if (!exported) violations.push(`${moduleName} has no ESM export of ${exportName}`);
    const baseName = mapName.slice(mapName.lastIndexOf('/') + 1);
    if (!code.trimEnd().endsWith(`//# sourceMappingURL=${baseName}`)) violations.push(`${moduleName} does not link ${baseName}`);
  }
  const map = bundle.text.get(mapName);
  if (!bundle.fileNames.includes(mapName) || map === undefined) {
    violations.push(`${mapName} is missing`);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(map);
    } catch {
      parsed = undefined;
    }
    const result = sourceMapSchema.safeParse(parsed);
    if (!result.success) violations.push(`${mapName} is not a version 3 source map with sources and mappings`);
    else if (!result.data.sources.some((source) => source === `${modulePath}.ts` || source.endsWith(`/${modulePath}.ts`))) {
      violations.push(`${mapName} does not cover ${modulePath}.ts`);
    }
  }
  return violations;
}
