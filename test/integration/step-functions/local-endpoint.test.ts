/**
 * The local Step Functions endpoint, driven only through @aws-sdk/client-sfn, running definitions
 * shaped like the remediation workflow with in-process Lambda functions that record their calls.
 */
import { randomUUID } from 'node:crypto';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidOutput,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { freePort } from '../../../scripts/local/free-port.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/local-aws.ts';
import { type StepFunctionsEndpoint, startStepFunctionsEndpoint } from '../../../scripts/local/step-functions/server.ts';

const ACCOUNT = '000000000000';

/** Choice on the mode → approval (.waitForTaskToken, Catch on States.Timeout) → action (lambda:invoke with Retry). */
function remediationLike(approvalTimeoutSeconds: number) {
  return {
    StartAt: 'ChooseMode',
    States: {
      ChooseMode: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.mode', StringEquals: 'approval', Next: 'RequestApproval' },
          { Variable: '$.mode', StringEquals: 'auto', Next: 'ExecuteAction' },
        ],
        Default: 'NotifyOnly',
      },
      NotifyOnly: { Type: 'Pass', Result: { outcome: 'notified' }, ResultPath: '$.result', Next: 'Done' },
      RequestApproval: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT}:function:alertgate-test-request-approval:live`,
          Payload: { 'alertId.$': '$.alertId', 'request.$': '$', 'taskToken.$': '$$.Task.Token', 'executionArn.$': '$$.Execution.Id' },
        },
        TimeoutSeconds: approvalTimeoutSeconds,
        ResultPath: '$.approval',
        Catch: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' },
          { ErrorEquals: ['ApprovalRejected'], ResultPath: '$.error', Next: 'Rejected' },
        ],
        Next: 'ExecuteAction',
      },
      Expired: { Type: 'Pass', Result: { outcome: 'expired' }, ResultPath: '$.result', Next: 'Done' },
      Rejected: { Type: 'Pass', Result: { outcome: 'rejected' }, ResultPath: '$.result', Next: 'Done' },
      ExecuteAction: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'alertgate-test-execute-action', 'Payload.$': '$' },
        ResultSelector: { 'outcome.$': '$.Payload.outcome', 'statusCode.$': '$.StatusCode' },
        ResultPath: '$.result',
        TimeoutSeconds: 30,
        Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
}

function approvalBranch(approver: string) {
  return {
    StartAt: `${approver}Approval`,
    States: {
      [`${approver}Approval`]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: 'alertgate-test-request-approval',
          Payload: { approver, 'alertId.$': '$.alertId', 'taskToken.$': '$$.Task.Token' },
        },
        TimeoutSeconds: 60,
        End: true,
      },
    },
  };
}

/** Two approvals in parallel, then a Task whose Resource is a plain Lambda function ARN. */
const twoApprovers = {
  StartAt: 'RequestBoth',
  States: {
    RequestBoth: {
      Type: 'Parallel',
      Branches: [approvalBranch('First'), approvalBranch('Second')],
      ResultPath: '$.votes',
      Next: 'RecordOutcome',
    },
    RecordOutcome: {
      Type: 'Task',
      Resource: `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT}:function:alertgate-test-record-outcome`,
      TimeoutSeconds: 30,
      End: true,
    },
  },
};

/** A RequestApproval task waiting for its token; `timing` sets its timeouts and heartbeats. */
function waitingApproval(timing: Record<string, unknown>, next: Record<string, unknown> = { End: true }) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: 'alertgate-test-request-approval',
      Payload: { 'alertId.$': '$.alertId', 'taskToken.$': '$$.Task.Token' },
    },
    ...timing,
    ...next,
  };
}

const expiring = { Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' }], End: true };
const expired = { Type: 'Pass', Result: 'expired', ResultPath: '$.result', End: true };

const heartbeats = {
  StartAt: 'RequestApproval',
  States: { RequestApproval: waitingApproval({ TimeoutSeconds: 60, HeartbeatSeconds: 1 }, expiring), Expired: expired },
};

/** Timeouts chosen per execution: the paths select from the state input, not from the Lambda request. */
const timeoutsFromInput = {
  StartAt: 'RequestApproval',
  States: {
    RequestApproval: waitingApproval(
      { TimeoutSecondsPath: '$.approval.timeoutSeconds', HeartbeatSecondsPath: '$.approval.heartbeatSeconds' },
      expiring,
    ),
    Expired: expired,
  },
};

const executionTimeout = {
  TimeoutSeconds: 1,
  StartAt: 'RequestApproval',
  States: { RequestApproval: waitingApproval({ TimeoutSeconds: 60 }) },
};

const ApprovalRequest = z.object({ alertId: z.string(), taskToken: z.string(), approver: z.string().optional() });
const ActionRequest = z.object({ alertId: z.string(), transientFailures: z.number().default(0) });
const FailRequest = z.object({ request: z.object({ failRequest: z.literal(true) }) });

class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientError';
  }
}

class ApprovalStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApprovalStoreUnavailable';
  }
}

type Call = { readonly functionName: string; readonly payload: unknown };
const calls: Call[] = [];

/** The Lambda functions: record every call; execute-action fails `transientFailures` times per alert. */
async function invoke(functionName: string, payload: unknown): Promise<unknown> {
  calls.push({ functionName, payload });
  switch (functionName) {
    case 'alertgate-test-request-approval':
      if (FailRequest.safeParse(payload).success) throw new ApprovalStoreUnavailableError('the approvals table is unavailable');
      return { requested: true };
    case 'alertgate-test-execute-action': {
      const { alertId, transientFailures } = ActionRequest.parse(payload);
      const attempts = callsOf(functionName).filter((call) => ActionRequest.safeParse(call.payload).data?.alertId === alertId).length;
      if (attempts <= transientFailures) throw new TransientError('the target is busy');
      return { outcome: 'executed' };
    }
    case 'alertgate-test-record-outcome':
      return { recorded: payload };
    default:
      throw new Error(`No function ${functionName}`);
  }
}

function callsOf(functionName: string): Call[] {
  return calls.filter((call) => call.functionName === functionName);
}

let endpoint: StepFunctionsEndpoint;
let sfn: SFNClient;

beforeAll(async () => {
  endpoint = await startStepFunctionsEndpoint({
    port: await freePort(),
    region: LOCAL_REGION,
    definitions: {
      remediation: { definition: remediationLike(60) },
      'remediation-1s-approval': { definition: remediationLike(1) },
      'two-approvers': { definition: twoApprovers },
      heartbeats: { definition: heartbeats },
      'timeouts-from-input': { definition: timeoutsFromInput },
      'execution-timeout': { definition: executionTimeout },
    },
    invoke,
  });
  sfn = new SFNClient({ endpoint: endpoint.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
});

afterAll(async () => {
  sfn?.destroy();
  await endpoint?.stop();
});

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The token the request-approval function received for `alertId` (and `approver`). */
function tokenFor(alertId: string, approver?: string): Promise<string> {
  return eventually(
    () =>
      callsOf('alertgate-test-request-approval')
        .map((call) => ApprovalRequest.safeParse(call.payload).data)
        .find((request) => request?.alertId === alertId && request.approver === approver)?.taskToken,
    `the approval request of ${alertId}`,
  );
}

async function start(machine: string, input: Record<string, unknown>, name: string = randomUUID()) {
  return sfn.send(new StartExecutionCommand({ stateMachineArn: endpoint.stateMachineArn(machine), name, input: JSON.stringify(input) }));
}

function describeExecution(executionArn: string | undefined) {
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

function finished(executionArn: string | undefined): Promise<DescribeExecutionCommandOutput> {
  return eventually(async () => {
    const execution = await describeExecution(executionArn);
    return execution.status === 'RUNNING' ? undefined : execution;
  }, `the end of ${executionArn}`);
}

function outputOf(execution: DescribeExecutionCommandOutput): unknown {
  return JSON.parse(execution.output ?? 'null');
}

describe('the local Step Functions endpoint', () => {
  it('hands the waiting task a token and succeeds with the output sent for it', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId });

    const taskToken = await tokenFor(alertId);
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ approvedBy: 'alice' }) }));

    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toEqual({
      mode: 'approval',
      alertId,
      approval: { approvedBy: 'alice' },
      result: { outcome: 'executed', statusCode: 200 },
    });
  });

  it('passes the execution ARN from the Context Object to the task', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId });

    await tokenFor(alertId);

    const request = callsOf('alertgate-test-request-approval').find(
      (call) => ApprovalRequest.safeParse(call.payload).data?.alertId === alertId,
    );
    expect(request?.payload).toMatchObject({ executionArn });
    await sfn.send(new StopExecutionCommand({ executionArn }));
  });

  it('takes the Default branch of the Choice without calling any function', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'notify-only', alertId });

    const execution = await finished(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toEqual({ mode: 'notify-only', alertId, result: { outcome: 'notified' } });
    expect(calls.some((call) => JSON.stringify(call.payload).includes(alertId))).toBe(false);
  });

  it('retries the action after a transient error of its Lambda function', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'auto', alertId, transientFailures: 1 });

    const execution = await finished(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toMatchObject({ result: { outcome: 'executed' } });
    expect(
      callsOf('alertgate-test-execute-action').filter((call) => ActionRequest.safeParse(call.payload).data?.alertId === alertId),
    ).toHaveLength(2);
  });

  it('fails the execution with the function error once the retries are spent', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'auto', alertId, transientFailures: 5 });

    const execution = await finished(executionArn);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('TransientError');
    expect(JSON.parse(execution.cause ?? '{}')).toMatchObject({ errorType: 'TransientError', errorMessage: 'the target is busy' });
    expect(
      callsOf('alertgate-test-execute-action').filter((call) => ActionRequest.safeParse(call.payload).data?.alertId === alertId),
    ).toHaveLength(3);
  });

  it('fails the waiting task when its own Lambda invocation fails', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId, failRequest: true });

    const execution = await finished(executionArn);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ApprovalStoreUnavailable');
  });

  it('routes a failure sent for the token to the matching Catch', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId });

    const taskToken = await tokenFor(alertId);
    await sfn.send(new SendTaskFailureCommand({ taskToken, error: 'ApprovalRejected', cause: 'not during the freeze' }));

    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toMatchObject({
      error: { Error: 'ApprovalRejected', Cause: 'not during the freeze' },
      result: { outcome: 'rejected' },
    });
  });

  it('fails the execution with the error and cause of a failure no Catch matches', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId });

    const taskToken = await tokenFor(alertId);
    await sfn.send(new SendTaskFailureCommand({ taskToken, error: 'AlertResolved', cause: 'the alert resolved on its own' }));

    const execution = await finished(executionArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'AlertResolved', cause: 'the alert resolved on its own' });
    expect(execution.stopDate).toBeInstanceOf(Date);
  });

  it('takes the States.Timeout Catch when nobody answers within TimeoutSeconds', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation-1s-approval', { mode: 'approval', alertId });

    const execution = await finished(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toMatchObject({ error: { Error: 'States.Timeout' }, result: { outcome: 'expired' } });
    expect(callsOf('alertgate-test-execute-action').some((call) => ActionRequest.safeParse(call.payload).data?.alertId === alertId)).toBe(
      false,
    );
  });

  it('answers TaskTimedOut for the token of a task that timed out', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation-1s-approval', { mode: 'approval', alertId });
    const taskToken = await tokenFor(alertId);
    await finished(executionArn);

    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(sfn.send(new SendTaskFailureCommand({ taskToken, error: 'ApprovalExpired' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('answers TaskDoesNotExist for a token whose task already completed', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId });
    const taskToken = await tokenFor(alertId);
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"approvedBy":"alice"}' }));

    const second = sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"approvedBy":"bob"}' }));

    await expect(second).rejects.toBeInstanceOf(TaskDoesNotExist);
    expect(outputOf(await finished(executionArn))).toMatchObject({ approval: { approvedBy: 'alice' } });
  });

  it('answers InvalidToken for a token it never issued', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId });
    const taskToken = await tokenFor(alertId);
    const tampered = `${taskToken.slice(0, -4)}${taskToken.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;

    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: tampered, output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'garbage' }))).rejects.toBeInstanceOf(InvalidToken);
    expect((await describeExecution(executionArn)).status).toBe('RUNNING');
    await sfn.send(new StopExecutionCommand({ executionArn }));
  });

  it('answers InvalidOutput for an output that is not JSON, and keeps the task waiting', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId });
    const taskToken = await tokenFor(alertId);

    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: 'approved' }))).rejects.toBeInstanceOf(InvalidOutput);

    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '"approved"' }));
    expect(outputOf(await finished(executionArn))).toMatchObject({ approval: 'approved' });
  });

  it('gives the running execution back for the same name and input', async () => {
    const alertId = randomUUID();
    const name = `alert-${alertId}-1`;
    const first = await start('remediation', { mode: 'approval', alertId }, name);

    const second = await start('remediation', { mode: 'approval', alertId }, name);

    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate).toEqual(first.startDate);
    expect(
      callsOf('alertgate-test-request-approval').filter((call) => ApprovalRequest.safeParse(call.payload).data?.alertId === alertId),
    ).toHaveLength(1);
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
  });

  it('answers ExecutionAlreadyExists for the same name with a different input', async () => {
    const alertId = randomUUID();
    const name = `alert-${alertId}-1`;
    const { executionArn } = await start('remediation', { mode: 'approval', alertId }, name);

    const again = start('remediation', { mode: 'approval', alertId, revision: 2 }, name);

    await expect(again).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await sfn.send(new StopExecutionCommand({ executionArn }));
  });

  it('answers ExecutionAlreadyExists for the name of an execution that has ended, as Standard workflows do', async () => {
    const alertId = randomUUID();
    const name = `alert-${alertId}-1`;
    const { executionArn } = await start('remediation', { mode: 'notify-only', alertId }, name);
    await finished(executionArn);

    const again = start('remediation', { mode: 'notify-only', alertId }, name);

    await expect(again).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('stops an execution: ABORTED with the given error and cause, and its token no longer exists', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('remediation', { mode: 'approval', alertId });
    const taskToken = await tokenFor(alertId);

    const { stopDate } = await sfn.send(new StopExecutionCommand({ executionArn, error: 'AlertResolved', cause: 'resolved upstream' }));

    expect(stopDate).toBeInstanceOf(Date);
    expect(await describeExecution(executionArn)).toMatchObject({
      status: 'ABORTED',
      error: 'AlertResolved',
      cause: 'resolved upstream',
      stopDate,
    });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    expect(callsOf('alertgate-test-execute-action').some((call) => ActionRequest.safeParse(call.payload).data?.alertId === alertId)).toBe(
      false,
    );
  });

  it('gives each waiting task of a Parallel state its own token', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('two-approvers', { alertId });

    const [first, second] = await Promise.all([tokenFor(alertId, 'First'), tokenFor(alertId, 'Second')]);
    expect(first).not.toBe(second);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '{"vote":"second"}' }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: first, output: '{"vote":"first"}' }));

    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toEqual({ recorded: { alertId, votes: [{ vote: 'first' }, { vote: 'second' }] } });
  });

  it('keeps a task waiting while heartbeats arrive within HeartbeatSeconds', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('heartbeats', { alertId });
    const taskToken = await tokenFor(alertId);

    for (let beat = 0; beat < 4; beat += 1) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    }
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '"approved"' }));

    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(outputOf(execution)).toBe('approved');
  });

  it('times a task out when its heartbeats stop, and the States.Timeout Catch takes it', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('heartbeats', { alertId });
    const taskToken = await tokenFor(alertId);

    const execution = await finished(executionArn);

    expect(outputOf(execution)).toMatchObject({ error: { Error: 'States.HeartbeatTimeout' }, result: 'expired' });
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('times a task out after the TimeoutSecondsPath it reads from the state input', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('timeouts-from-input', { alertId, approval: { timeoutSeconds: 1, heartbeatSeconds: 30 } });
    const taskToken = await tokenFor(alertId);

    const execution = await finished(executionArn);

    expect(outputOf(execution)).toMatchObject({ error: { Error: 'States.Timeout' }, result: 'expired' });
    const request = callsOf('alertgate-test-request-approval').find(
      (call) => ApprovalRequest.safeParse(call.payload).data?.alertId === alertId,
    );
    expect(request?.payload).toEqual({ alertId, taskToken });
  });

  it('times a task out after the HeartbeatSecondsPath it reads from the state input', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('timeouts-from-input', { alertId, approval: { timeoutSeconds: 30, heartbeatSeconds: 1 } });

    const execution = await finished(executionArn);

    expect(outputOf(execution)).toMatchObject({ error: { Error: 'States.HeartbeatTimeout' }, result: 'expired' });
  });

  it('times the whole execution out after its TimeoutSeconds, ending its tasks', async () => {
    const alertId = randomUUID();
    const { executionArn } = await start('execution-timeout', { alertId });
    const taskToken = await tokenFor(alertId);

    const execution = await finished(executionArn);

    expect(execution.status).toBe('TIMED_OUT');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('answers StateMachineDoesNotExist and ExecutionDoesNotExist for what it does not know', async () => {
    await expect(start('no-such-machine', {})).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      describeExecution(`arn:aws:states:${LOCAL_REGION}:${ACCOUNT}:execution:remediation:${randomUUID()}`),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });
});
