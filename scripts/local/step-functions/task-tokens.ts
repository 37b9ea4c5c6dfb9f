/**
 * The task tokens of `.waitForTaskToken` tasks and what SendTaskSuccess / SendTaskFailure /
 * SendTaskHeartbeat do with them, with Step Functions' error for each token that cannot be used:
 * - `InvalidToken`: not a token this endpoint issued (garbled, truncated, made up);
 * - `TaskTimedOut`: the task's `TimeoutSeconds` or `HeartbeatSeconds` passed;
 * - `TaskDoesNotExist`: the task already completed, or its execution ended (succeeded, failed, stopped).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Json, MAX_LOCAL_TIMEOUT_SECONDS, parseJson } from './asl.ts';
import { StatesTaskError, StepFunctionsApiError, TaskAbandonedError } from './errors.ts';

type TaskStatus = 'waiting' | 'completed' | 'timed-out' | 'closed';

type Task = {
  readonly executionArn: string;
  status: TaskStatus;
  readonly heartbeatSeconds: number | undefined;
  timeoutTimer: NodeJS.Timeout | undefined;
  heartbeatTimer: NodeJS.Timeout | undefined;
  readonly resolve: (output: Json) => void;
  readonly reject: (error: Error) => void;
};

/** A task waiting for its token: `outcome` settles with the output sent for it, or the failure. */
export type WaitingTask = { readonly token: string; readonly outcome: Promise<Json> };

function milliseconds(seconds: number): number {
  return Math.min(seconds, MAX_LOCAL_TIMEOUT_SECONDS) * 1000;
}

export class TaskTokens {
  readonly #secret = randomBytes(32);
  readonly #tasks = new Map<string, Task>();

  /** A fresh token that no task waits for (what a Task other than `.waitForTaskToken` sees as `$$.Task.Token`). */
  mint(): string {
    const id = randomBytes(32).toString('base64url');
    return `${id}.${this.#sign(id)}`;
  }

  /**
   * Registers a task that waits for its token. When `timeoutSeconds` pass, the token answers
   * `TaskTimedOut` from then on, and `outcome` stays pending: the interpreter's own timer, started
   * just after this one for the same duration, fails the state with a `States.Timeout` that Retry and
   * Catch recognise. When `heartbeatSeconds` pass without a heartbeat, `outcome` fails with
   * `States.HeartbeatTimeout`.
   */
  open(executionArn: string, limits: { timeoutSeconds?: number; heartbeatSeconds?: number }): WaitingTask {
    const token = this.mint();
    const { promise, resolve, reject } = Promise.withResolvers<Json>();
    // The task may fail (heartbeat) while its Lambda is still being invoked: that is reported once awaited.
    promise.catch(() => {});
    const task: Task = {
      executionArn,
      status: 'waiting',
      heartbeatSeconds: limits.heartbeatSeconds,
      timeoutTimer: undefined,
      heartbeatTimer: undefined,
      resolve,
      reject,
    };
    if (limits.timeoutSeconds !== undefined) {
      task.timeoutTimer = setTimeout(() => this.#end(task, 'timed-out'), milliseconds(limits.timeoutSeconds));
    }
    this.#armHeartbeat(task);
    this.#tasks.set(this.#idOf(token), task);
    return { token, outcome: promise };
  }

  /** SendTaskSuccess: `output` must be JSON text. */
  succeed(token: string, output: string): void {
    const task = this.#waiting(token);
    const parsed = parseJson(output);
    if (parsed === undefined) throw new StepFunctionsApiError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    this.#end(task, 'completed');
    task.resolve(parsed);
  }

  /** SendTaskFailure: the task fails with `error` and `cause`, which its Retry and Catch see. */
  fail(token: string, error = '', cause = ''): void {
    const task = this.#waiting(token);
    this.#end(task, 'completed');
    task.reject(new StatesTaskError(error, cause));
  }

  /** SendTaskHeartbeat: restarts the task's `HeartbeatSeconds`. */
  heartbeat(token: string): void {
    this.#armHeartbeat(this.#waiting(token));
  }

  /** The task no longer waits (its Lambda invocation failed): its token answers `TaskDoesNotExist`. */
  close(token: string): void {
    const task = this.#tasks.get(this.#idOf(token));
    if (task?.status === 'waiting') this.#end(task, 'closed');
  }

  /**
   * The execution ended: its waiting tasks' tokens answer `TaskDoesNotExist` (timed-out ones keep
   * `TaskTimedOut`), and their outcomes fail with a {@link TaskAbandonedError}.
   */
  closeExecution(executionArn: string): void {
    for (const task of this.#tasks.values()) if (task.executionArn === executionArn) this.#abandon(task);
  }

  /** Stops every timer and abandons every waiting task (the endpoint is shutting down). */
  closeAll(): void {
    for (const task of this.#tasks.values()) this.#abandon(task);
  }

  #abandon(task: Task): void {
    if (task.status !== 'waiting') return;
    this.#end(task, 'closed');
    task.reject(new TaskAbandonedError());
  }

  #waiting(token: string): Task {
    const [id, signature, ...rest] = token.split('.');
    if (id === undefined || signature === undefined || rest.length > 0 || !this.#verify(id, signature))
      throw new StepFunctionsApiError('InvalidToken', 'Invalid Token: the task token is not one this endpoint issued');
    const task = this.#tasks.get(id);
    if (task?.status === 'timed-out')
      throw new StepFunctionsApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    if (task?.status !== 'waiting')
      throw new StepFunctionsApiError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist anymore'");
    return task;
  }

  #armHeartbeat(task: Task): void {
    clearTimeout(task.heartbeatTimer);
    if (task.heartbeatSeconds === undefined) return;
    task.heartbeatTimer = setTimeout(() => {
      this.#end(task, 'timed-out');
      task.reject(new StatesTaskError('States.HeartbeatTimeout', `No heartbeat within ${task.heartbeatSeconds} seconds`));
    }, milliseconds(task.heartbeatSeconds));
  }

  #end(task: Task, status: Exclude<TaskStatus, 'waiting'>): void {
    if (task.status !== 'waiting') return;
    task.status = status;
    clearTimeout(task.timeoutTimer);
    clearTimeout(task.heartbeatTimer);
  }

  #idOf(token: string): string {
    return token.split('.')[0] ?? '';
  }

  #sign(id: string): string {
    return createHmac('sha256', this.#secret).update(id).digest('base64url');
  }

  #verify(id: string, signature: string): boolean {
    const expected = Buffer.from(this.#sign(id));
    const actual = Buffer.from(signature);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
