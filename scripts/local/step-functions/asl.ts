/**
 * Glue between Amazon States Language definitions and the local endpoint: which Task states call
 * which Lambda function and how, the definition adjustments the interpreter needs to behave like
 * Step Functions, and the small JSON helpers the endpoint uses.
 */

/** A JSON value, as state inputs and outputs are. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isJson(value: unknown): value is Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  return isRecord(value) && Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(isJson);
}

/** `value` as JSON, the way it would cross the wire (`undefined` → null, class instances → plain data). */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  if (isJson(value)) return value;
  const text = JSON.stringify(value);
  const parsed: unknown = text === undefined ? null : JSON.parse(text);
  if (!isJson(parsed)) throw new TypeError('The value cannot be represented as JSON');
  return parsed;
}

/** Parses `text` as JSON; `undefined` when it is not JSON. */
export function parseJson(text: string): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJson(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Copies `value`, replacing every occurrence of `search` inside its strings. */
export function replaceInStrings(value: Json, search: string, replacement: string): Json {
  if (typeof value === 'string') return value.replaceAll(search, replacement);
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, search, replacement));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceInStrings(item, search, replacement)]));
  }
  return value;
}

/** How a Task state reaches its Lambda function. */
export type LambdaTask =
  /** `arn:aws:states:::lambda:invoke`: Parameters are the Invoke request; the result wraps the function's in `Payload`. */
  | { readonly integration: 'invoke' }
  /** `arn:aws:states:::lambda:invoke.waitForTaskToken`: the result is what SendTaskSuccess sends for the task's token. */
  | { readonly integration: 'invoke-wait-for-task-token' }
  /** A Lambda function ARN as the Resource: the effective input is the event, the function's result is the task's. */
  | { readonly integration: 'function'; readonly functionName: string };

const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke$/;
const LAMBDA_INVOKE_WAIT = /^arn:aws[\w-]*:states:::lambda:invoke\.waitForTaskToken$/;
const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]*:\d*:function:/;

/** How the Task state with `resource` calls Lambda; `undefined` for other services (SQS, DynamoDB, activities…). */
export function lambdaTaskOf(resource: string): LambdaTask | undefined {
  if (LAMBDA_INVOKE.test(resource)) return { integration: 'invoke' };
  if (LAMBDA_INVOKE_WAIT.test(resource)) return { integration: 'invoke-wait-for-task-token' };
  if (LAMBDA_FUNCTION_ARN.test(resource)) return { integration: 'function', functionName: lambdaFunctionName(resource) };
  return undefined;
}

/**
 * The function's name in any of the forms Lambda's `FunctionName` accepts: a name, `name:alias` or
 * `name:version`, a full ARN (with or without a qualifier) or a partial ARN (`123456789012:function:name`).
 *
 * @example
 * lambdaFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:alertgate-dev-request-approval:live');
 * // → 'alertgate-dev-request-approval'
 */
export function lambdaFunctionName(functionName: string): string {
  const parts = functionName.split(':');
  const functionIndex = parts.indexOf('function');
  const name = functionIndex >= 0 ? parts[functionIndex + 1] : parts[0];
  if (name === undefined || name === '') throw new Error(`Not a Lambda function name or ARN: ${functionName}`);
  return name;
}

/** A state found anywhere in a definition, Parallel branches and Map iterators included. */
export type StateEntry = { readonly name: string; readonly state: Record<string, unknown> };

/** Every state of `definition`, nested ones included, with its name. */
export function allStates(definition: unknown): StateEntry[] {
  const found: StateEntry[] = [];
  const visit = (machine: unknown) => {
    if (!isRecord(machine) || !isRecord(machine.States)) return;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!isRecord(state)) continue;
      found.push({ name, state });
      if (Array.isArray(state.Branches)) for (const branch of state.Branches) visit(branch);
      visit(state.Iterator);
      visit(state.ItemProcessor);
    }
  };
  visit(definition);
  return found;
}

/** Every Task state of `definition`, nested ones included, with its name. */
export function taskStates(definition: unknown): StateEntry[] {
  return allStates(definition).filter(({ state }) => state.Type === 'Task');
}

/**
 * Checks what the local endpoint needs of a definition, and throws a message naming the state when it
 * cannot run it: JSONPath only (the interpreter knows neither JSONata nor variables), every Task state
 * must call Lambda (the interpreter would otherwise call real AWS), names of Task states must be
 * unique (the interpreter's overrides are keyed by name), a Lambda integration needs a
 * `FunctionName`, and a `.waitForTaskToken` task must pass `$$.Task.Token` on.
 */
export function assertRunnableLocally(machineName: string, definition: unknown): void {
  if (isRecord(definition) && definition.QueryLanguage === 'JSONata')
    throw new Error(`State machine ${machineName}: the local interpreter supports JSONPath only, not JSONata`);
  for (const { name, state } of allStates(definition)) {
    const unsupported = ['QueryLanguage', 'Assign', 'Arguments', 'Output'].filter((field) => field in state);
    if (unsupported.length > 0)
      throw new Error(`State machine ${machineName}, state ${name}: the local interpreter does not support ${unsupported.join(', ')}`);
  }
  const seen = new Set<string>();
  for (const { name, state } of taskStates(definition)) {
    const where = `State machine ${machineName}, state ${name}`;
    if (seen.has(name)) throw new Error(`${where}: Task state names must be unique across the whole definition`);
    seen.add(name);
    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    const task = lambdaTaskOf(resource);
    if (task === undefined) throw new Error(`${where}: the local endpoint only runs Lambda tasks, not ${resource || 'a missing Resource'}`);
    if (task.integration === 'function') continue;
    const parameters = isRecord(state.Parameters) ? state.Parameters : {};
    if (typeof parameters.FunctionName !== 'string' && typeof parameters['FunctionName.$'] !== 'string')
      throw new Error(`${where}: ${resource} needs Parameters.FunctionName`);
    if (task.integration === 'invoke-wait-for-task-token' && !JSON.stringify(parameters).includes('$$.Task.Token'))
      throw new Error(`${where}: a .waitForTaskToken task must pass $$.Task.Token in its Parameters`);
  }
}

/**
 * The longest Task timeout the interpreter can schedule: Node's timers overflow (and fire at once)
 * beyond 2^31 - 1 ms, about 24.8 days, where Step Functions allows 99999999 seconds.
 */
export const MAX_LOCAL_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * Fields the endpoint adds to a Task's Parameters to carry the seconds its `TimeoutSecondsPath` /
 * `HeartbeatSecondsPath` select from the state input; removed again before the Lambda call.
 */
const SECONDS_FIELDS = { Timeout: '__localTimeoutSeconds', Heartbeat: '__localHeartbeatSeconds' } as const;

/** `input` without the fields {@link prepareDefinition} added to a Task's Parameters. */
export function withoutLocalFields(input: Json): Json {
  if (!isRecord(input)) return input;
  const { [SECONDS_FIELDS.Timeout]: _timeout, [SECONDS_FIELDS.Heartbeat]: _heartbeat, ...rest } = input;
  return rest;
}

/**
 * A copy of `definition` adjusted so that the interpreter (aws-local-stepfunctions) times Task states
 * like Step Functions does:
 * - a Task state without `TimeoutSeconds`/`TimeoutSecondsPath` gets the longest local timeout, where the
 *   interpreter would otherwise time it out after 60 seconds; larger `TimeoutSeconds` are capped to it;
 * - `TimeoutSecondsPath`/`HeartbeatSecondsPath` select from the state input (after InputPath), where
 *   the interpreter reads them from the effective input (after Parameters, i.e. the Lambda Invoke
 *   request of a `lambda:invoke` task, which could not carry them): the selected value is added to
 *   Parameters under a local field and the path pointed at it;
 * - a `Retry`/`Catch` matching `States.Timeout` also matches `States.HeartbeatTimeout`, because Step
 *   Functions reports a missed heartbeat as both and the interpreter matches error names exactly.
 */
export function prepareDefinition(definition: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(definition);
  for (const { state } of taskStates(copy)) {
    if (
      state.TimeoutSecondsPath === undefined &&
      (typeof state.TimeoutSeconds !== 'number' || state.TimeoutSeconds > MAX_LOCAL_TIMEOUT_SECONDS)
    )
      state.TimeoutSeconds = MAX_LOCAL_TIMEOUT_SECONDS;
    for (const field of ['Timeout', 'Heartbeat'] as const) {
      const path = state[`${field}SecondsPath`];
      if (typeof path !== 'string' || !isRecord(state.Parameters)) continue;
      state.Parameters[`${SECONDS_FIELDS[field]}.$`] = path;
      state[`${field}SecondsPath`] = `$.${SECONDS_FIELDS[field]}`;
    }
  }
  for (const { state } of allStates(copy)) {
    for (const matchers of [state.Retry, state.Catch]) {
      if (!Array.isArray(matchers)) continue;
      for (const matcher of matchers) {
        const errors = isRecord(matcher) && Array.isArray(matcher.ErrorEquals) ? matcher.ErrorEquals : [];
        if (errors.includes('States.Timeout') && !errors.includes('States.HeartbeatTimeout')) errors.push('States.HeartbeatTimeout');
      }
    }
  }
  return copy;
}

/**
 * Replaces `${Key}` placeholders in every string of `definition` (as CloudFormation's
 * `DefinitionSubstitutions` do), throwing on a placeholder with no value so that none reaches a run.
 *
 * @example
 * substitutePlaceholders(definition, { RequestApprovalFunction: 'alertgate-dev-request-approval' });
 */
export function substitutePlaceholders(definition: Json, substitutions: Readonly<Record<string, string>>): Json {
  if (typeof definition === 'string') {
    return definition.replaceAll(/\$\{([^}]+)\}/g, (_placeholder, key: string) => {
      const value = Object.hasOwn(substitutions, key) ? substitutions[key] : undefined;
      if (value === undefined) throw new Error(`No substitution for \${${key}}`);
      return value;
    });
  }
  if (Array.isArray(definition)) return definition.map((item) => substitutePlaceholders(item, substitutions));
  if (isRecord(definition)) {
    return Object.fromEntries(Object.entries(definition).map(([key, value]) => [key, substitutePlaceholders(value, substitutions)]));
  }
  return definition;
}

/**
 * Reads a Reference Path (`$.a.b`, `$['a'][0]`, `$$.Execution.Id`): the form `TimeoutSecondsPath` and
 * `HeartbeatSecondsPath` take. `undefined` when it selects nothing.
 */
export function readReferencePath(path: string, input: unknown, context: unknown): unknown {
  let value: unknown;
  let rest: string;
  if (path.startsWith('$$')) {
    value = context;
    rest = path.slice(2);
  } else if (path.startsWith('$')) {
    value = input;
    rest = path.slice(1);
  } else {
    throw new Error(`Not a reference path: ${path}`);
  }
  const step = /^(?:\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\])/;
  while (rest !== '') {
    const match = step.exec(rest);
    if (match === null) throw new Error(`Not a reference path: ${path}`);
    rest = rest.slice(match[0].length);
    const key = match[1] ?? match[2] ?? match[3];
    if (key !== undefined) value = isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    else value = Array.isArray(value) ? value[Number(match[4])] : undefined;
    if (value === undefined) return undefined;
  }
  return value;
}

/**
 * The number of seconds a `…Seconds`/`…SecondsPath` pair of a state gives for `input`, or `undefined`
 * when the state has neither. A path that selects no positive integer gives `undefined` too: the
 * interpreter fails the state for it.
 */
export function secondsOf(
  state: Record<string, unknown>,
  field: 'Timeout' | 'Heartbeat',
  input: unknown,
  context: unknown,
): number | undefined {
  const seconds = state[`${field}Seconds`];
  if (typeof seconds === 'number') return seconds;
  const path = state[`${field}SecondsPath`];
  if (typeof path !== 'string') return undefined;
  const value = readReferencePath(path, input, context);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}
