import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import aslValidator from 'asl-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/free-port.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../scripts/local/local-aws.ts';
import { readDefinitionFiles } from '../../scripts/local/step-functions/definition-files.ts';
import { type StepFunctionsEndpoint, startStepFunctionsEndpoint } from '../../scripts/local/step-functions/server.ts';
import { eventually } from '../support/eventually.ts';

const directory = join(import.meta.dirname, '..', '..', 'resources', 'statemachines');
const raw: Record<string, unknown> = JSON.parse(readFileSync(join(directory, 'remediation.asl.json'), 'utf8'));
type State = Record<string, unknown> & { Type: string };
const states = raw.States as Record<string, State>;

describe('the remediation state machine definition', () => {
  it('is valid ASL', () => {
    const { isValid, errorsText } = aslValidator(raw);
    expect(errorsText()).toBe('');
    expect(isValid).toBe(true);
  });

  it('gives every Task state a timeout', () => {
    const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    expect(
      tasks.filter(([, state]) => state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined).map(([name]) => name),
    ).toEqual([]);
  });

  it('waits for the approval with a callback token, its deadline as timeout, and a timeout that expires it', () => {
    const request = states.RequestApproval;
    expect(request?.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(request?.TimeoutSecondsPath).toBe('$.deadlineSeconds');
    expect(request?.Catch).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.Timeout'], Next: 'RecordExpired' }));
  });

  it('retries the action with backoff on transient errors and records a failure after', () => {
    const execute = states.ExecuteAction;
    expect(execute?.Retry).toContainEqual(
      expect.objectContaining({ BackoffRate: 2, ErrorEquals: expect.arrayContaining(['TransientError']) }),
    );
    expect(execute?.Catch).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordFailed' }));
  });
});

describe('the remediation state machine, run on the local Step Functions endpoint', () => {
  let sfn: StepFunctionsEndpoint;
  const client = () => new SFNClient({ endpoint: sfn.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const tokens = new Map<string, string>();
  const recorded: { execution: string; result: string }[] = [];
  const flaked = new Set<string>();

  beforeAll(async () => {
    const definitions = await readDefinitionFiles(directory, {
      RequestApprovalFunction: 'request-approval',
      ExecuteActionFunction: 'execute-action',
      RecordOutcomeFunction: 'record-outcome',
    });
    sfn = await startStepFunctionsEndpoint({
      port: await freePort(),
      definitions,
      invoke: async (functionName, payload) => {
        const input = payload as Record<string, unknown>;
        if (functionName === 'request-approval') {
          const request = input.request as { alertId: string; mode: string };
          // As the function does: auto mode opens the gate at once. `gate-fails` fails it.
          if (request.alertId.startsWith('gate-fails')) throw new Error('the approvals table is unreachable');
          // Opening it failed for a passing reason, the first time: the state machine runs the gate again.
          if (request.alertId === 'gate-flaky' && !flaked.has(request.alertId)) {
            flaked.add(request.alertId);
            throw Object.assign(new Error('Step Functions throttled SendTaskSuccess'), { name: 'TransientError' });
          }
          if (request.mode === 'auto') {
            await client().send(
              new SendTaskSuccessCommand({ taskToken: String(input.taskToken), output: JSON.stringify({ approvedBy: [] }) }),
            );
          } else tokens.set(request.alertId, String(input.taskToken));
          return { accepted: true };
        }
        if (functionName === 'execute-action') return { status: 'dry-run', detail: 'would restart payments/checkout-api' };
        recorded.push({ execution: String((input.request as { alertId: string }).alertId), result: String(input.result) });
        return { ok: true };
      },
    });
  });

  afterAll(() => sfn.stop());

  async function run(alertId: string, mode: string, deadlineSeconds = 3600) {
    const { executionArn } = await client().send(
      new StartExecutionCommand({
        stateMachineArn: sfn.stateMachineArn('remediation'),
        name: `${alertId}-1`,
        input: JSON.stringify({ alertId, revision: 1, mode, deadlineSeconds, action: { name: 'restart_workload' } }),
      }),
    );
    return executionArn ?? '';
  }

  async function finished(executionArn: string) {
    return eventually('the execution to end', async () => {
      const described = await client().send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described;
    });
  }

  async function tokenOf(alertId: string) {
    return eventually(`the task token of ${alertId}`, async () => tokens.get(alertId));
  }

  it('runs an auto action straight away and records it executed', async () => {
    expect((await finished(await run('auto-1', 'auto'))).status).toBe('SUCCEEDED');
    expect(recorded).toContainEqual({ execution: 'auto-1', result: 'executed' });
  });

  it('runs the gate again when opening it failed for a passing reason, then executes', async () => {
    expect((await finished(await run('gate-flaky', 'auto'))).status).toBe('SUCCEEDED');
    expect(flaked.has('gate-flaky')).toBe(true);
    expect(recorded.filter((r) => r.execution === 'gate-flaky')).toEqual([{ execution: 'gate-flaky', result: 'executed' }]);
  });

  it('records a request whose gate fails as failed, and never executes it, in either mode', async () => {
    for (const [alertId, mode] of [
      ['gate-fails-auto', 'auto'],
      ['gate-fails-approval', 'approval'],
    ] as const) {
      expect((await finished(await run(alertId, mode))).status).toBe('SUCCEEDED');
      expect(recorded.filter((r) => r.execution === alertId)).toEqual([{ execution: alertId, result: 'failed' }]);
    }
  });

  it('waits for the approval, then executes', async () => {
    const arn = await run('approve-1', 'approval');
    await client().send(
      new SendTaskSuccessCommand({ taskToken: await tokenOf('approve-1'), output: JSON.stringify({ approvedBy: ['ann'] }) }),
    );
    expect((await finished(arn)).status).toBe('SUCCEEDED');
    expect(recorded).toContainEqual({ execution: 'approve-1', result: 'executed' });
  });

  it('records a rejected approval as not approved, and never executes', async () => {
    const arn = await run('reject-1', 'approval-2');
    await client().send(
      new SendTaskFailureCommand({ taskToken: await tokenOf('reject-1'), error: 'ApprovalRejected', cause: 'bob: not during the sale' }),
    );
    expect((await finished(arn)).status).toBe('SUCCEEDED');
    expect(recorded.filter((r) => r.execution === 'reject-1')).toEqual([{ execution: 'reject-1', result: 'not-approved' }]);
  });

  it('expires an approval nobody answers by its deadline', async () => {
    const arn = await run('expire-1', 'approval', 1);
    expect((await finished(arn)).status).toBe('SUCCEEDED');
    expect(recorded.filter((r) => r.execution === 'expire-1')).toEqual([{ execution: 'expire-1', result: 'expired' }]);
  });
});
