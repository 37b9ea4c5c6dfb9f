/**
 * A local Step Functions endpoint speaking the AWS JSON 1.0 protocol `@aws-sdk/client-sfn` uses
 * (`POST /`, `X-Amz-Target: AWSStepFunctions.<Action>`), serving StartExecution, DescribeExecution,
 * StopExecution, SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat for the definitions it is
 * given. Executions run in this process and live in memory.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RunningService } from '../running-service.ts';
import { isRecord, parseJson } from './asl.ts';
import { StepFunctionsApiError } from './errors.ts';
import { type ExecutionDescription, LocalExecutions, type StateMachineSource } from './executions.ts';
import type { InvokeFunction } from './lambda-invoker.ts';

export type StepFunctionsEndpoint = RunningService & {
  /** The ARN StartExecution takes for the state machine named `name` in `definitions`. */
  stateMachineArn(name: string): string;
};

export type StepFunctionsEndpointOptions = {
  port: number;
  /** Definitions by state machine name; every Task state must call Lambda. */
  definitions: Record<string, StateMachineSource>;
  /** Runs the Lambda functions of Task states (see `invokeFunctionsThroughLambdaPort`). */
  invoke: InvokeFunction;
  /** Region of the ARNs; `eu-west-1` by default. */
  region?: string;
  /** Account of the ARNs; `000000000000` by default. */
  accountId?: string;
  log?: (line: string) => void;
};

/** Largest request body accepted: executions inputs and task outputs are at most 256 KiB in Step Functions. */
const MAX_BODY_BYTES = 1024 * 1024;
const JSON_1_0 = 'application/x-amz-json-1.0';

/**
 * Starts the endpoint on 127.0.0.1:`port`. Throws before listening when a definition is not valid ASL
 * or has a Task state that does not call Lambda.
 *
 * @example
 * const sfn = await startStepFunctionsEndpoint({ port: await freePort(), definitions: { remediation: { definition } }, invoke });
 * const client = new SFNClient({ endpoint: sfn.endpoint, region: 'eu-west-1', credentials: LOCAL_CREDENTIALS });
 * await client.send(new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArn('remediation'), name: 'a-1', input: '{}' }));
 * // …
 * await sfn.stop();
 */
export async function startStepFunctionsEndpoint(options: StepFunctionsEndpointOptions): Promise<StepFunctionsEndpoint> {
  const log = options.log ?? (() => {});
  const executions = new LocalExecutions({
    definitions: options.definitions,
    invoke: options.invoke,
    region: options.region ?? 'eu-west-1',
    accountId: options.accountId ?? '000000000000',
    log,
  });
  const server = createServer((request, response) => {
    void answer(request, response, executions, log);
  });
  await listen(server, options.port);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= new Promise<void>((resolve, reject) => {
      executions.abortAll();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return stopping;
  };
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    pid: process.pid,
    stop,
    stateMachineArn: (name) => executions.stateMachineArn(name),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function answer(request: IncomingMessage, response: ServerResponse, executions: LocalExecutions, log: (line: string) => void) {
  const target = request.headers['x-amz-target'];
  const action =
    typeof target === 'string' && target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : undefined;
  try {
    if (request.method !== 'POST' || action === undefined) {
      throw new StepFunctionsApiError('UnknownOperationException', 'Expected POST with X-Amz-Target: AWSStepFunctions.<Action>');
    }
    const body = parseJson(await readBody(request));
    if (!isRecord(body)) throw new StepFunctionsApiError('SerializationException', 'The request body is not a JSON object');
    send(response, 200, perform(executions, action, body));
  } catch (error: unknown) {
    if (error instanceof StepFunctionsApiError) {
      send(response, 400, { __type: `com.amazonaws.states#${error.code}`, message: error.message });
      return;
    }
    log(`${action ?? request.method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    send(response, 500, { __type: 'com.amazonaws.states#InternalFailure', message: 'The local Step Functions endpoint failed' });
  }
}

function perform(executions: LocalExecutions, action: string, body: Record<string, unknown>): Record<string, unknown> {
  switch (action) {
    case 'StartExecution': {
      const execution = executions.start(required(body, 'stateMachineArn'), optional(body, 'name'), optional(body, 'input'));
      return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
    }
    case 'DescribeExecution':
      return describeExecutionOutput(executions.describe(required(body, 'executionArn')));
    case 'StopExecution': {
      const execution = executions.stop(required(body, 'executionArn'), optional(body, 'error'), optional(body, 'cause'));
      return { stopDate: epochSeconds(execution.stopDate ?? new Date()) };
    }
    case 'SendTaskSuccess':
      executions.sendTaskSuccess(required(body, 'taskToken'), required(body, 'output'));
      return {};
    case 'SendTaskFailure':
      executions.sendTaskFailure(required(body, 'taskToken'), optional(body, 'error'), optional(body, 'cause'));
      return {};
    case 'SendTaskHeartbeat':
      executions.sendTaskHeartbeat(required(body, 'taskToken'));
      return {};
    default:
      throw new StepFunctionsApiError('UnknownOperationException', `The local Step Functions endpoint does not implement ${action}`);
  }
}

function describeExecutionOutput(execution: ExecutionDescription): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    ...(execution.stopDate === undefined ? {} : { stopDate: epochSeconds(execution.stopDate) }),
    input: execution.input,
    inputDetails: { included: true },
    ...(execution.output === undefined ? {} : { output: execution.output, outputDetails: { included: true } }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

/** The JSON protocols carry timestamps as epoch seconds. */
function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

function required(body: Record<string, unknown>, member: string): string {
  const value = body[member];
  if (typeof value !== 'string') {
    throw new StepFunctionsApiError(
      'ValidationException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function optional(body: Record<string, unknown>, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new StepFunctionsApiError('ValidationException', `'${member}' must be a string`);
  return value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new StepFunctionsApiError('ValidationException', `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': JSON_1_0,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}
