/**
 * How the local Step Functions endpoint runs a Lambda task: an `InvokeFunction` gets the function's
 * name and event and gives back its result, or throws what the function failed with.
 */
import { isRecord, parseJson } from './asl.ts';

/**
 * Runs a Lambda function with `payload` as its event and resolves with its result.
 *
 * When the function fails it throws: the error's `name` (or a {@link LambdaFunctionError}'s
 * `errorType`) is the States error the task fails with, as Lambda's Node runtime reports a thrown
 * error's `name` as its `errorType`.
 */
export type InvokeFunction = (functionName: string, payload: unknown) => Promise<unknown>;

/** A Lambda invocation that failed, with the `errorType`/`errorMessage`/`trace` Lambda reports. */
export class LambdaFunctionError extends Error {
  /** The States error name the task fails with, e.g. `TransientError` or `Lambda.ServiceException`. */
  readonly errorType: string;
  readonly trace: readonly string[];

  constructor(errorType: string, errorMessage: string, trace: readonly string[] = [], options?: ErrorOptions) {
    super(errorMessage, options);
    this.name = 'LambdaFunctionError';
    this.errorType = errorType;
    this.trace = trace;
  }
}

/** The States error name and cause of a failed invocation, as Step Functions reports them for Lambda tasks. */
export function taskFailureOf(error: unknown): { error: string; cause: string } {
  if (error instanceof LambdaFunctionError) {
    return {
      error: error.errorType,
      cause: JSON.stringify({ errorMessage: error.message, errorType: error.errorType, trace: error.trace }),
    };
  }
  if (error instanceof Error) {
    return {
      error: error.name,
      cause: JSON.stringify({ errorMessage: error.message, errorType: error.name, trace: error.stack?.split('\n') ?? [] }),
    };
  }
  return { error: 'Lambda.Unknown', cause: String(error) };
}

/**
 * serverless-offline reports every thrown error as `errorType: "Error"`, but its `trace` starts with
 * the stack's first line, `<name>: <message>`: the name Lambda itself would report.
 */
function errorTypeOf(payload: Record<string, unknown>): string {
  const reported = typeof payload.errorType === 'string' ? payload.errorType : 'Error';
  const firstLine = Array.isArray(payload.trace) && typeof payload.trace[0] === 'string' ? payload.trace[0] : '';
  const fromTrace = /^([A-Za-z_$][\w$.]*):/.exec(firstLine)?.[1];
  return reported === 'Error' && fromTrace !== undefined ? fromTrace : reported;
}

/**
 * Invokes functions through serverless-offline's Lambda port (the Lambda `Invoke` API):
 * a function error becomes a {@link LambdaFunctionError} with the function's error type, an unknown
 * function `Lambda.ResourceNotFoundException`, anything else `Lambda.ServiceException`.
 *
 * `signal` ends the invocations in progress when aborted (they fail with `Lambda.ServiceException`),
 * so that stopping a caller need not wait for a function's timeout.
 *
 * @example
 * const endpoint = await startStepFunctionsEndpoint({ port, definitions, invoke: invokeFunctionsThroughLambdaPort('http://127.0.0.1:3002') });
 */
export function invokeFunctionsThroughLambdaPort(lambdaEndpoint: string, options: { readonly signal?: AbortSignal } = {}): InvokeFunction {
  return async (functionName, payload) => {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${lambdaEndpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, {
        method: 'POST',
        body: JSON.stringify(payload ?? null),
        signal: options.signal,
      });
      text = await response.text();
    } catch (error: unknown) {
      throw new LambdaFunctionError('Lambda.ServiceException', `Could not invoke ${functionName}: ${String(error)}`, [], { cause: error });
    }
    const body = text === '' ? null : parseJson(text);
    if (response.headers.get('x-amz-function-error') !== null) {
      const failure = isRecord(body) ? body : {};
      const trace = Array.isArray(failure.trace) ? failure.trace.map(String) : [];
      throw new LambdaFunctionError(errorTypeOf(failure), String(failure.errorMessage ?? text), trace);
    }
    const errorType = response.headers.get('x-amzn-errortype');
    if (errorType !== null || !response.ok) {
      throw new LambdaFunctionError(
        `Lambda.${errorType ?? 'ServiceException'}`,
        `${functionName}: HTTP ${response.status} ${text.slice(0, 300)}`,
      );
    }
    if (body === undefined)
      throw new LambdaFunctionError('Lambda.ServiceException', `${functionName} answered no JSON: ${text.slice(0, 300)}`);
    return body;
  };
}
