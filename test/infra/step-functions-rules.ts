/**
 * Rules for the Step Functions part of the packaged template, in the style of
 * test/helpers/cloudformation.ts: pure functions from a template to a list of violations.
 *
 * A state machine's `Definition` (or `DefinitionString`) carries `${Key}` placeholders that
 * CloudFormation fills from `DefinitionSubstitutions` at deploy time; the rules read the definition
 * as CloudFormation will, with each substitution standing in for the value it resolves to.
 */
import aslValidator from 'asl-validator';
import {
  ACTIONS_ALLOWED_ON_ANY_RESOURCE,
  actionsOf,
  type CfnResource,
  type CfnTemplate,
  getAttTarget,
  type IamStatement,
  iamStatements,
  resourcesOfType,
} from '../helpers/cloudformation.ts';

type Json = Record<string, unknown>;

const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
const IAM_ROLE = 'AWS::IAM::Role';
const LOG_GROUP = 'AWS::Logs::LogGroup';

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function hasType(template: CfnTemplate, logicalId: string, type: string): boolean {
  return template.Resources[logicalId]?.Type === type;
}

/** The logical id a `Ref` or `Fn::GetAtt <X>.Arn` points at, if the value is either. */
function refOrArnTarget(value: unknown): string | undefined {
  if (isJson(value) && typeof value.Ref === 'string') return value.Ref;
  const target = getAttTarget(value);
  return target?.attribute === 'Arn' ? target.logicalId : undefined;
}

export function stateMachines(template: CfnTemplate): Array<[string, CfnResource]> {
  return resourcesOfType(template, STATE_MACHINE);
}

// ---------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------

/** `${Key}` placeholders of DefinitionSubstitutions; ASL's own syntax (`$.x`, `States.Format('{}')`) never has `${`. */
const PLACEHOLDER = /\$\{([^}]+)\}/g;

function substitutionsOf(machine: CfnResource): Json {
  const substitutions = machine.Properties.DefinitionSubstitutions;
  return isJson(substitutions) ? substitutions : {};
}

/** What a substitution stands for in the checked definition: a string as is, an intrinsic as `<LogicalId>.<Attribute>`. */
function standIn(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const target = getAttTarget(value);
  if (target) return `${target.logicalId}.${target.attribute}`;
  if (isJson(value) && typeof value.Ref === 'string') return value.Ref;
  return undefined;
}

/** The definition before substitution, from `Definition` (an object) or `DefinitionString` (JSON text). */
function rawDefinitionOf(machine: CfnResource): Json | string {
  const { Definition, DefinitionString } = machine.Properties;
  if (isJson(Definition)) return Definition;
  if (typeof DefinitionString !== 'string') return 'has neither a Definition object nor a literal DefinitionString';
  try {
    const parsed: unknown = JSON.parse(DefinitionString);
    return isJson(parsed) ? parsed : 'has a DefinitionString that is not a JSON object';
  } catch {
    return 'has a DefinitionString that is not JSON';
  }
}

export type SubstitutedDefinition = { definition: Json } | { problems: string[] };

/**
 * The definition as CloudFormation deploys it: every `${Key}` replaced, in the JSON text, by its
 * DefinitionSubstitutions value (intrinsics by a stand-in). Lists the placeholders without a value.
 */
export function substitutedDefinition(machine: CfnResource): SubstitutedDefinition {
  const raw = rawDefinitionOf(machine);
  if (typeof raw === 'string') return { problems: [raw] };
  const substitutions = substitutionsOf(machine);
  const problems: string[] = [];
  const text = JSON.stringify(raw).replace(PLACEHOLDER, (placeholder, key: string) => {
    const value = standIn(substitutions[key]);
    if (value === undefined) {
      problems.push(`has the placeholder ${placeholder} without a DefinitionSubstitutions value`);
      return placeholder;
    }
    // Inside a JSON string: escape as JSON does.
    return JSON.stringify(value).slice(1, -1);
  });
  if (problems.length > 0) return { problems };
  const parsed: unknown = JSON.parse(text);
  return isJson(parsed) ? { definition: parsed } : { problems: ['has a definition that is not a JSON object'] };
}

export interface NamedState {
  /** The state's name, with the Parallel/Map states it is nested in, e.g. `Fan/Branch0/Call`. */
  readonly path: string;
  readonly state: Json;
}

/** Every state of a definition, including those in Parallel branches and Map item processors. */
export function allStates(definition: Json, prefix = ''): NamedState[] {
  const states = definition.States;
  if (!isJson(states)) return [];
  const found: NamedState[] = [];
  for (const [name, state] of Object.entries(states)) {
    if (!isJson(state)) continue;
    const path = `${prefix}${name}`;
    found.push({ path, state });
    for (const [index, branch] of asList(state.Branches).entries()) {
      if (isJson(branch)) found.push(...allStates(branch, `${path}/Branch${index}/`));
    }
    for (const key of ['ItemProcessor', 'Iterator']) {
      const inner = state[key];
      if (isJson(inner)) found.push(...allStates(inner, `${path}/`));
    }
  }
  return found;
}

/** The definition, after substitution, is valid Amazon States Language (asl-validator). */
export function findDefinitionViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const [id, machine] of stateMachines(template)) {
    const substituted = substitutedDefinition(machine);
    if ('problems' in substituted) {
      violations.push(...substituted.problems.map((problem) => `${id} ${problem}`));
      continue;
    }
    const { isValid, errorsText } = aslValidator(substituted.definition);
    if (!isValid) violations.push(`${id} has an invalid definition: ${errorsText('; ')}`);
  }
  return violations;
}

/** Every Task state has a timeout: without one, a lost callback or a hung integration waits up to a year. */
export function findTaskTimeoutViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const [id, machine] of stateMachines(template)) {
    const raw = rawDefinitionOf(machine);
    if (typeof raw === 'string') {
      violations.push(`${id} ${raw}`);
      continue;
    }
    for (const { path, state } of allStates(raw)) {
      if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
        violations.push(`${id} state ${path} is a Task without TimeoutSeconds or TimeoutSecondsPath`);
      }
    }
  }
  return violations;
}

export interface LambdaTask {
  readonly stateMachineId: string;
  readonly path: string;
  /** The FunctionName (or, for a plain Lambda Task, the Resource) as written in the definition. */
  readonly target: unknown;
}

/** Task states that invoke Lambda: the `lambda:invoke` integrations, and Tasks whose Resource is a function itself. */
export function lambdaTasks(template: CfnTemplate): LambdaTask[] {
  const tasks: LambdaTask[] = [];
  for (const [id, machine] of stateMachines(template)) {
    const raw = rawDefinitionOf(machine);
    if (typeof raw === 'string') continue;
    for (const { path, state } of allStates(raw)) {
      if (state.Type !== 'Task' || typeof state.Resource !== 'string') continue;
      if (/^arn:[^:]+:states:::lambda:invoke/.test(state.Resource)) {
        // JSONPath states pass the function in Parameters, JSONata states in Arguments.
        const parameters = isJson(state.Parameters) ? state.Parameters : isJson(state.Arguments) ? state.Arguments : {};
        tasks.push({ stateMachineId: id, path, target: parameters.FunctionName ?? parameters['FunctionName.$'] });
      } else if (/^\$\{[^}]+\}$/.test(state.Resource) || /^arn:[^:]+:lambda:/.test(state.Resource)) {
        tasks.push({ stateMachineId: id, path, target: state.Resource });
      }
    }
  }
  return tasks;
}

/** The function of the template a Lambda Task's target resolves to, or why it does not. */
function invokedFunction(template: CfnTemplate, machine: CfnResource, target: unknown): { functionId: string } | { problem: string } {
  const placeholder = typeof target === 'string' ? /^\$\{([^}]+)\}$/.exec(target)?.[1] : undefined;
  if (placeholder === undefined) {
    return { problem: `invokes ${JSON.stringify(target)}, not a \${placeholder} substituted with a function of this template` };
  }
  const value = substitutionsOf(machine)[placeholder];
  if (value === undefined) return { problem: `invokes \${${placeholder}}, which DefinitionSubstitutions does not define` };
  const functionId = getAttTarget(value)?.attribute === 'Arn' ? getAttTarget(value)?.logicalId : undefined;
  if (functionId === undefined || !hasType(template, functionId, LAMBDA_FUNCTION)) {
    return { problem: `invokes \${${placeholder}} = ${JSON.stringify(value)}, not Fn::GetAtt <function of this template>.Arn` };
  }
  return { functionId };
}

/** Each Lambda Task's FunctionName is a placeholder that DefinitionSubstitutions maps to `Fn::GetAtt <function>.Arn`. */
export function findTaskFunctionViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const { stateMachineId, path, target } of lambdaTasks(template)) {
    const machine = template.Resources[stateMachineId];
    if (machine === undefined) continue;
    const resolved = invokedFunction(template, machine, target);
    if ('problem' in resolved) violations.push(`${stateMachineId} state ${path} ${resolved.problem}`);
  }
  return violations;
}

/** The functions of the template that a state machine's Tasks invoke. */
export function invokedFunctionIds(template: CfnTemplate, stateMachineId: string): Set<string> {
  const machine = template.Resources[stateMachineId];
  const ids = new Set<string>();
  if (machine === undefined) return ids;
  for (const { target } of lambdaTasks(template).filter((task) => task.stateMachineId === stateMachineId)) {
    const resolved = invokedFunction(template, machine, target);
    if ('functionId' in resolved) ids.add(resolved.functionId);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// The state machine's role
// ---------------------------------------------------------------------------------------------

/** Whether an IAM action pattern (`*` and `?` wildcards, case-insensitive) covers `action`. */
export function actionCovers(pattern: string, action: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

function isAllow(statement: Json): boolean {
  return statement.Effect !== 'Deny';
}

/** The role's identity statements: its inline policies and the AWS::IAM::Policy resources attached to it. */
function statementsOfRole(template: CfnTemplate, roleId: string): IamStatement[] {
  const role = template.Resources[roleId];
  if (role === undefined) return [];
  const attached = Object.fromEntries(
    Object.entries(template.Resources).filter(
      ([, resource]) =>
        resource.Type === 'AWS::IAM::Policy' && asList(resource.Properties.Roles).some((entry) => isJson(entry) && entry.Ref === roleId),
    ),
  );
  return iamStatements({ Resources: { [roleId]: role, ...attached } });
}

/**
 * Each state machine runs as a role of the template that can invoke exactly the functions its
 * Tasks call: `lambda:InvokeFunction` alone (no `lambda:*`, no other Lambda action), on
 * `Fn::GetAtt <function>.Arn` of each of them, never on "*" or on another function.
 */
export function findStateMachineInvokeViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const [id, machine] of stateMachines(template)) {
    const target = getAttTarget(machine.Properties.RoleArn);
    if (target?.attribute !== 'Arn' || !hasType(template, target.logicalId, IAM_ROLE)) {
      violations.push(
        `${id} has RoleArn ${JSON.stringify(machine.Properties.RoleArn)}, not Fn::GetAtt of an AWS::IAM::Role in the template`,
      );
      continue;
    }
    const invoked = invokedFunctionIds(template, id);
    const granted = new Set<string>();
    for (const { where, statement } of statementsOfRole(template, target.logicalId)) {
      if (!isAllow(statement)) continue;
      const lambdaActions = actionsOf(statement).filter(
        (action) => actionCovers(action, 'lambda:InvokeFunction') || /^lambda:/i.test(action),
      );
      if (lambdaActions.length === 0) continue;
      const other = lambdaActions.filter((action) => action !== 'lambda:InvokeFunction');
      if (other.length > 0) violations.push(`${where} grants ${other.join(', ')}, not only lambda:InvokeFunction`);
      for (const resource of asList(statement.Resource)) {
        const functionId = getAttTarget(resource)?.attribute === 'Arn' ? getAttTarget(resource)?.logicalId : undefined;
        if (functionId !== undefined && invoked.has(functionId)) {
          granted.add(functionId);
        } else {
          violations.push(`${where} lets ${id} invoke ${JSON.stringify(resource)}, which is not a function its Tasks call`);
        }
      }
    }
    for (const functionId of invoked) {
      if (!granted.has(functionId)) violations.push(`${id} calls ${functionId} but its role ${target.logicalId} cannot invoke it`);
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Grants on state machines
// ---------------------------------------------------------------------------------------------

/** Step Functions actions authorised on the state machine itself (task tokens included). */
const STATE_MACHINE_ACTIONS: readonly string[] = [
  'states:StartExecution',
  'states:StartSyncExecution',
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
];

/** The state machine ARN as the roles spell it, without a dependency on the state machine. */
function stateMachineArnSub(name: string): string {
  return `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${name}`;
}

/** Whether `value` is the ARN of a state machine of the template: `Ref`/`Fn::GetAtt .Arn` of it, or the Fn::Sub of its name. */
export function isStateMachineArn(template: CfnTemplate, value: unknown): boolean {
  const id = refOrArnTarget(value);
  if (id !== undefined) return hasType(template, id, STATE_MACHINE);
  if (!isJson(value) || typeof value['Fn::Sub'] !== 'string') return false;
  const text = value['Fn::Sub'];
  return stateMachines(template).some(([, machine]) => {
    const name = machine.Properties.StateMachineName;
    return typeof name === 'string' && !/[*?]/.test(name) && text === stateMachineArnSub(name);
  });
}

/**
 * Grants of states:StartExecution and the task-token actions (states:SendTask*) name a state
 * machine of this template, never "*", a wildcard name or a literal ARN.
 */
export function findStateMachineGrantViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const { where, statement } of iamStatements(template)) {
    if (!isAllow(statement)) continue;
    const actions = actionsOf(statement).filter((pattern) => STATE_MACHINE_ACTIONS.some((action) => actionCovers(pattern, action)));
    if (actions.length === 0) continue;
    const resources = asList(statement.Resource);
    if (resources.length === 0) violations.push(`${where} grants ${actions.join(', ')} on no Resource`);
    for (const resource of resources) {
      if (!isStateMachineArn(template, resource)) {
        violations.push(`${where} grants ${actions.join(', ')} on ${JSON.stringify(resource)}, not on a state machine of this template`);
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Tracing and logging
// ---------------------------------------------------------------------------------------------

/**
 * Every state machine traces with X-Ray and logs errors, without execution data (alerts pass
 * through its inputs), to a log group of this template that expires its events.
 */
export function findStateMachineObservabilityViolations(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const [id, machine] of stateMachines(template)) {
    const { TracingConfiguration, LoggingConfiguration } = machine.Properties;
    if (!isJson(TracingConfiguration) || TracingConfiguration.Enabled !== true) violations.push(`${id} does not enable X-Ray tracing`);
    if (!isJson(LoggingConfiguration) || LoggingConfiguration.Level === undefined || LoggingConfiguration.Level === 'OFF') {
      violations.push(`${id} does not log`);
      continue;
    }
    if (LoggingConfiguration.IncludeExecutionData !== false) violations.push(`${id} logs execution data`);
    const destinations = asList(LoggingConfiguration.Destinations);
    if (destinations.length === 0) violations.push(`${id} logs to no destination`);
    for (const destination of destinations) {
      const arn =
        isJson(destination) && isJson(destination.CloudWatchLogsLogGroup) ? destination.CloudWatchLogsLogGroup.LogGroupArn : undefined;
      const logGroupId = getAttTarget(arn)?.attribute === 'Arn' ? getAttTarget(arn)?.logicalId : undefined;
      const logGroup = logGroupId === undefined ? undefined : template.Resources[logGroupId];
      if (logGroup === undefined || logGroup.Type !== LOG_GROUP) {
        violations.push(`${id} logs to ${JSON.stringify(arn)}, not to a log group of this template`);
      } else if (logGroup.Properties.RetentionInDays === undefined) {
        violations.push(`${id} logs to ${logGroupId}, which keeps its events forever`);
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Resource "*"
// ---------------------------------------------------------------------------------------------

/**
 * What Step Functions needs beyond the X-Ray writes every function has, none of which AWS lets a
 * policy narrow below Resource "*": the sampling-rule reads of X-Ray tracing, and the log-delivery
 * actions behind a state machine's LoggingConfiguration.
 */
export const STEP_FUNCTIONS_ACTIONS_ON_ANY_RESOURCE: readonly string[] = [
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

export const ACTIONS_ALLOWED_ON_RESOURCE_WILDCARD: readonly string[] = [
  ...ACTIONS_ALLOWED_ON_ANY_RESOURCE,
  ...STEP_FUNCTIONS_ACTIONS_ON_ANY_RESOURCE,
];
