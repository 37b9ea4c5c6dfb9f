/**
 * The executions of the local Step Functions endpoint: started, described and stopped the way the
 * Step Functions API does it, each run in the background by the ASL interpreter
 * `aws-local-stepfunctions`, with every Task state's Lambda call going through `invoke` and each
 * `.waitForTaskToken` task given its own token.
 */
import { randomUUID } from 'node:crypto';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import {
  assertRunnableLocally,
  isRecord,
  type Json,
  type LambdaTask,
  lambdaFunctionName,
  lambdaTaskOf,
  parseJson,
  prepareDefinition,
  replaceInStrings,
  secondsOf,
  taskStates,
  toJson,
  withoutLocalFields,
} from './asl.ts';
import { StatesTaskError, StepFunctionsApiError } from './errors.ts';
import { type InvokeFunction, taskFailureOf } from './lambda-invoker.ts';
import { TaskTokens } from './task-tokens.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What DescribeExecution tells about an execution. */
export type ExecutionDescription = {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
};

type Execution = {
  -readonly [Key in keyof ExecutionDescription]: ExecutionDescription[Key];
} & { abort: () => void };

/** One state machine definition the endpoint serves, by state machine name. */
export type StateMachineSource = { readonly definition: object; readonly roleArn?: string };

type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type TaskHandler = TaskHandlers[string];
type TaskInput = Parameters<TaskHandler>[0];

type LambdaTaskState = { readonly state: Record<string, unknown>; readonly lambda: LambdaTask };

type Machine = {
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  readonly interpreter: StateMachine;
  readonly tasks: ReadonlyMap<string, LambdaTaskState>;
};

/**
 * What `$$.Task.Token` resolves to inside the interpreter, whose Context Object is one per execution;
 * each Task replaces it in its effective input with a token of its own.
 */
const TASK_TOKEN_PLACEHOLDER = `alertgate-local-task-token-placeholder-${randomUUID()}`;

function isStateMachineDefinition(value: Record<string, unknown>): value is Record<string, unknown> & StateMachineDefinition {
  return typeof value.StartAt === 'string' && isRecord(value.States);
}

/** Execution names as Step Functions accepts them: 1–80 characters, none of whitespace, brackets, wildcards, `"#%\^|~`$&,;:/` or control characters. */
function isValidExecutionName(name: string): boolean {
  if (name.length < 1 || name.length > 80) return false;
  for (const character of name) {
    const code = character.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || /\s/.test(character) || '<>{}[]?*"#%\\^|~`$&,;:/'.includes(character))
      return false;
  }
  return true;
}

const STATE_MACHINE_ARN = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[^:]+$/;
const EXECUTION_ARN = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:[^:]+:[^:]+$/;

export class LocalExecutions {
  readonly #machines = new Map<string, Machine>();
  readonly #executions = new Map<string, Execution>();
  readonly #tokens = new TaskTokens();
  readonly #invoke: InvokeFunction;
  readonly #region: string;
  readonly #accountId: string;
  readonly #log: (line: string) => void;

  /** Throws when a definition is not valid ASL or calls anything but Lambda. */
  constructor(options: {
    definitions: Readonly<Record<string, StateMachineSource>>;
    invoke: InvokeFunction;
    region: string;
    accountId: string;
    log: (line: string) => void;
  }) {
    this.#invoke = options.invoke;
    this.#region = options.region;
    this.#accountId = options.accountId;
    this.#log = options.log;
    for (const [name, source] of Object.entries(options.definitions)) {
      if (!isRecord(source.definition)) throw new Error(`State machine ${name}: the definition is not an object`);
      assertRunnableLocally(name, source.definition);
      const definition = prepareDefinition(source.definition);
      if (!isStateMachineDefinition(definition)) throw new Error(`State machine ${name}: the definition needs StartAt and States`);
      let interpreter: StateMachine;
      try {
        interpreter = new StateMachine(definition);
      } catch (error: unknown) {
        throw new Error(`State machine ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      const tasks = new Map<string, LambdaTaskState>();
      for (const { name: stateName, state } of taskStates(definition)) {
        const lambda = lambdaTaskOf(String(state.Resource));
        if (lambda !== undefined) tasks.set(stateName, { state, lambda });
      }
      const arn = this.stateMachineArn(name);
      this.#machines.set(arn, {
        name,
        arn,
        roleArn: source.roleArn ?? `arn:aws:iam::${this.#accountId}:role/${name}-role`,
        interpreter,
        tasks,
      });
    }
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.#region}:${this.#accountId}:stateMachine:${name}`;
  }

  /**
   * StartExecution. Idempotent as for Standard workflows: the same name and input as a RUNNING
   * execution give that execution back; a different input, or a name whose execution has ended,
   * is `ExecutionAlreadyExists`.
   */
  start(stateMachineArn: string, name: string = randomUUID(), input = '{}'): ExecutionDescription {
    if (!STATE_MACHINE_ARN.test(stateMachineArn)) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
    const machine = this.#machines.get(stateMachineArn);
    if (machine === undefined)
      throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    if (!isValidExecutionName(name)) throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`);
    const parsedInput = parseJson(input);
    if (parsedInput === undefined)
      throw new StepFunctionsApiError('InvalidExecutionInput', 'Invalid Execution Input: the input is not valid JSON');

    const executionArn = `arn:aws:states:${this.#region}:${this.#accountId}:execution:${machine.name}:${name}`;
    const existing = this.#executions.get(executionArn);
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && existing.input === input) return this.#describe(existing);
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const startDate = new Date();
    const context = {
      Execution: { Id: executionArn, Name: name, RoleArn: machine.roleArn, Input: parsedInput, StartTime: startDate.toISOString() },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: { Token: TASK_TOKEN_PLACEHOLDER },
    };
    const handlers: TaskHandlers = {};
    for (const [stateName, task] of machine.tasks) {
      handlers[stateName] = (effectiveInput: TaskInput) => this.#runTask(executionArn, stateName, task, toJson(effectiveInput), context);
    }
    const run = machine.interpreter.run(parsedInput, { context, overrides: { taskResourceLocalHandlers: handlers } });
    const execution: Execution = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      startDate,
      input,
      abort: run.abort,
    };
    this.#executions.set(executionArn, execution);
    this.#log(`execution ${executionArn} started`);
    run.result.then(
      (output) => this.#finish(execution, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: unknown) => this.#finish(execution, outcomeOf(error)),
    );
    void this.#logEvents(executionArn, run.eventLogs);
    return this.#describe(execution);
  }

  /** DescribeExecution. */
  describe(executionArn: string): ExecutionDescription {
    return this.#describe(this.#find(executionArn));
  }

  /** StopExecution: a RUNNING execution is aborted and its tasks' tokens answer `TaskDoesNotExist`. */
  stop(executionArn: string, error?: string, cause?: string): ExecutionDescription {
    const execution = this.#find(executionArn);
    if (execution.status === 'RUNNING') {
      execution.abort();
      this.#finish(execution, { status: 'ABORTED', error, cause });
    }
    return this.#describe(execution);
  }

  sendTaskSuccess(token: string, output: string): void {
    this.#tokens.succeed(token, output);
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.#tokens.fail(token, error, cause);
  }

  sendTaskHeartbeat(token: string): void {
    this.#tokens.heartbeat(token);
  }

  /** Aborts every running execution and stops every timer. */
  abortAll(): void {
    for (const execution of this.#executions.values()) {
      if (execution.status !== 'RUNNING') continue;
      execution.abort();
      this.#finish(execution, { status: 'ABORTED', error: 'States.Aborted', cause: 'The local Step Functions endpoint stopped' });
    }
    this.#tokens.closeAll();
  }

  async #runTask(executionArn: string, stateName: string, task: LambdaTaskState, input: Json, context: object): Promise<Json> {
    const { state, lambda } = task;
    if (lambda.integration === 'function') {
      const payload = replaceInStrings(withoutLocalFields(input), TASK_TOKEN_PLACEHOLDER, this.#tokens.mint());
      return toJson(await this.#invokeForTask(lambda.functionName, payload));
    }
    if (lambda.integration === 'invoke') {
      const parameters = replaceInStrings(withoutLocalFields(input), TASK_TOKEN_PLACEHOLDER, this.#tokens.mint());
      const { functionName, payload } = invokeRequestOf(stateName, parameters);
      const result = await this.#invokeForTask(functionName, payload);
      return {
        ExecutedVersion: '$LATEST',
        Payload: toJson(result),
        SdkHttpMetadata: { HttpStatusCode: 200, HttpHeaders: {} },
        SdkResponseMetadata: { RequestId: randomUUID() },
        StatusCode: 200,
      };
    }
    // Registered before the function runs: it may send the token back before its invocation returns.
    const waiting = this.#tokens.open(executionArn, {
      timeoutSeconds: secondsOf(state, 'Timeout', input, context),
      heartbeatSeconds: secondsOf(state, 'Heartbeat', input, context),
    });
    const { functionName, payload } = invokeRequestOf(
      stateName,
      replaceInStrings(withoutLocalFields(input), TASK_TOKEN_PLACEHOLDER, waiting.token),
    );
    this.#log(`execution ${executionArn}: ${stateName} waits for its task token`);
    try {
      await this.#invokeForTask(functionName, payload);
    } catch (error: unknown) {
      this.#tokens.close(waiting.token);
      throw error;
    }
    return waiting.outcome;
  }

  async #invokeForTask(functionName: string, payload: Json): Promise<unknown> {
    try {
      return await this.#invoke(functionName, payload);
    } catch (error: unknown) {
      const { error: name, cause } = taskFailureOf(error);
      throw new StatesTaskError(name, cause, { cause: error });
    }
  }

  #finish(
    execution: Execution,
    outcome: { status: Exclude<ExecutionStatus, 'RUNNING'>; output?: string; error?: string; cause?: string },
  ): void {
    if (execution.status !== 'RUNNING') return;
    execution.status = outcome.status;
    execution.stopDate = new Date();
    if (outcome.output !== undefined) execution.output = outcome.output;
    if (outcome.error !== undefined) execution.error = outcome.error;
    if (outcome.cause !== undefined) execution.cause = outcome.cause;
    this.#tokens.closeExecution(execution.executionArn);
    this.#log(`execution ${execution.executionArn} ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}`);
  }

  async #logEvents(executionArn: string, events: ReturnType<StateMachine['run']>['eventLogs']): Promise<void> {
    for await (const event of events) {
      if (event.type === 'StateFailed') this.#log(`execution ${executionArn}: ${event.state.name} failed with ${event.Error}`);
      else if (event.type === 'StateRetried')
        this.#log(`execution ${executionArn}: ${event.state.name} retried (attempt ${event.retry.attempt})`);
      else if (event.type === 'StateCaught')
        this.#log(`execution ${executionArn}: ${event.state.name} caught, next ${event.catch.catcher.Next}`);
    }
  }

  #find(executionArn: string): Execution {
    if (!EXECUTION_ARN.test(executionArn)) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    const execution = this.#executions.get(executionArn);
    if (execution === undefined) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  #describe(execution: Execution): ExecutionDescription {
    const { abort: _abort, ...description } = execution;
    return { ...description };
  }
}

/** The function and event of a `lambda:invoke` request (the Task's effective input). */
function invokeRequestOf(stateName: string, parameters: Json): { functionName: string; payload: Json } {
  const request = isRecord(parameters) ? parameters : {};
  if (typeof request.FunctionName !== 'string') throw new StatesTaskError('States.Runtime', `${stateName}: FunctionName is not a string`);
  // Lambda receives an empty event when the request has no Payload.
  return { functionName: lambdaFunctionName(request.FunctionName), payload: toJson(request.Payload ?? {}) };
}

function outcomeOf(error: unknown): { status: Exclude<ExecutionStatus, 'RUNNING'>; error?: string; cause?: string } {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
  if (error instanceof ExecutionError && error.cause instanceof Error) {
    return { status: 'FAILED', error: error.cause.name || undefined, cause: error.cause.message || undefined };
  }
  return { status: 'FAILED', error: 'States.Runtime', cause: error instanceof Error ? error.message : String(error) };
}
