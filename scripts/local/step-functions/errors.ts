/**
 * An error of the Step Functions API. The endpoint answers it with HTTP 400 and
 * `{"__type": "com.amazonaws.states#<code>", "message": …}`, which `@aws-sdk/client-sfn` turns into
 * its exception class of that name (`TaskDoesNotExist`, `InvalidToken`, …).
 */
export class StepFunctionsApiError extends Error {
  /** The API's error name, e.g. `TaskTimedOut`. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StepFunctionsApiError';
    this.code = code;
  }
}

/**
 * A Task failure as the interpreter needs it: `Retry` and `Catch` match the error's `name` and the
 * Catch output's `Cause` is its `message`, so `name` is the States error name (`ApprovalRejected`,
 * `States.HeartbeatTimeout`, the function's `errorType`…) rather than this class's.
 */
export class StatesTaskError extends Error {
  constructor(error: string, cause: string, options?: ErrorOptions) {
    super(cause, options);
    this.name = error;
  }
}

/**
 * What a task still waiting for its token fails with once its execution has ended (stopped, timed out,
 * failed in another branch) or the endpoint stops. The interpreter reads `isRetryable`/`isCatchable`:
 * neither Retry nor Catch takes it, so nothing of the execution runs after it, and settling the task
 * lets the interpreter clear the task's timeout timer (which would otherwise keep the process alive).
 */
export class TaskAbandonedError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super('The execution of this task has ended');
    this.name = 'States.Aborted';
  }
}
