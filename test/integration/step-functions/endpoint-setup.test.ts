/** What the local Step Functions endpoint accepts as definitions, and how it names Lambda functions. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../../../scripts/local/free-port.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/local-aws.ts';
import { lambdaFunctionName } from '../../../scripts/local/step-functions/asl.ts';
import { readDefinitionFiles } from '../../../scripts/local/step-functions/definition-files.ts';
import { startStepFunctionsEndpoint } from '../../../scripts/local/step-functions/server.ts';

const invoke = async () => ({});

/** Writes a CloudFormation-style `${Key}` placeholder (a template literal would interpolate it). */
function placeholder(key: string): string {
  return `\${${key}}`;
}

function singleTask(task: Record<string, unknown>) {
  return { StartAt: 'Only', States: { Only: { Type: 'Task', End: true, ...task } } };
}

describe('lambdaFunctionName', () => {
  it.each([
    ['alertgate-dev-execute-action', 'alertgate-dev-execute-action'],
    ['alertgate-dev-execute-action:live', 'alertgate-dev-execute-action'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:alertgate-dev-execute-action', 'alertgate-dev-execute-action'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:alertgate-dev-execute-action:$LATEST', 'alertgate-dev-execute-action'],
    ['123456789012:function:alertgate-dev-execute-action', 'alertgate-dev-execute-action'],
  ])('reads %s as the function %s', (functionName, expected) => {
    expect(lambdaFunctionName(functionName)).toBe(expected);
  });
});

describe('startStepFunctionsEndpoint', () => {
  it.each([
    [
      'a Task state that is not a Lambda call',
      singleTask({ Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q' } }),
      /only runs Lambda tasks/,
    ],
    [
      'a .waitForTaskToken task that does not pass its token',
      singleTask({ Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'f', Payload: {} } }),
      /must pass \$\$\.Task\.Token/,
    ],
    [
      'a lambda:invoke task without FunctionName',
      singleTask({ Resource: 'arn:aws:states:::lambda:invoke', Parameters: { Payload: {} } }),
      /FunctionName/,
    ],
    ['a JSONata definition', { QueryLanguage: 'JSONata', StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }, /JSONPath only/],
    ['a definition that is not valid ASL', { StartAt: 'Missing', States: { Done: { Type: 'Succeed' } } }, /State machine broken/],
  ])('refuses %s, naming the state machine, before it listens', async (_case, definition, message) => {
    const port = await freePort();

    const starting = startStepFunctionsEndpoint({ port, definitions: { broken: { definition } }, invoke });

    await expect(starting).rejects.toThrow(message);
    expect(await isPortFree(port)).toBe(true);
  });

  it('refuses a port that is already taken', async () => {
    const port = await freePort();
    const first = await startStepFunctionsEndpoint({ port, definitions: {}, invoke });
    try {
      await expect(startStepFunctionsEndpoint({ port, definitions: {}, invoke })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });

  it('stops listening when stopped, and can be stopped twice', async () => {
    const port = await freePort();
    const endpoint = await startStepFunctionsEndpoint({ port, definitions: {}, invoke });

    await endpoint.stop();
    await endpoint.stop();

    expect(await isPortFree(port)).toBe(true);
  });

  it('leaves no timer behind when stopped while an execution waits for its task token', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const waiting = {
      TimeoutSeconds: 3600,
      ...singleTask({
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'alertgate-test-request-approval', Payload: { 'token.$': '$$.Task.Token' } },
        TimeoutSeconds: 600,
      }),
    };
    let invoked = () => {};
    const called = new Promise<void>((resolve) => {
      invoked = resolve;
    });
    const endpoint = await startStepFunctionsEndpoint({
      port: await freePort(),
      definitions: { approval: { definition: waiting } },
      invoke: async () => {
        invoked();
        return {};
      },
    });
    const client = new SFNClient({ endpoint: endpoint.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await client.send(new StartExecutionCommand({ stateMachineArn: endpoint.stateMachineArn('approval'), name: 'waits', input: '{}' }));
    await called;
    client.destroy();

    await endpoint.stop();
    await new Promise((resolve) => setImmediate(resolve));

    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('names state machines with the region and account it is given', async () => {
    const endpoint = await startStepFunctionsEndpoint({
      port: await freePort(),
      definitions: {},
      invoke,
      region: 'us-east-2',
      accountId: '123456789012',
    });
    try {
      expect(endpoint.stateMachineArn('remediation')).toBe('arn:aws:states:us-east-2:123456789012:stateMachine:remediation');
    } finally {
      await endpoint.stop();
    }
  });
});

describe('readDefinitionFiles', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it('reads every .asl.json file by name, with its placeholders replaced', async () => {
    directory = await mkdtemp(join(tmpdir(), 'alertgate-asl-'));
    await writeFile(
      join(directory, 'remediation.asl.json'),
      JSON.stringify(
        singleTask({ Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: placeholder('ExecuteActionFunction') } }),
      ),
    );
    await writeFile(join(directory, 'notes.md'), 'not a definition');

    const definitions = await readDefinitionFiles(directory, { ExecuteActionFunction: 'alertgate-dev-execute-action' });

    expect(Object.keys(definitions)).toEqual(['remediation']);
    expect(definitions.remediation?.definition).toMatchObject({
      States: { Only: { Parameters: { FunctionName: 'alertgate-dev-execute-action' } } },
    });
  });

  it('refuses a placeholder it has no value for, naming the file', async () => {
    directory = await mkdtemp(join(tmpdir(), 'alertgate-asl-'));
    await writeFile(join(directory, 'remediation.asl.json'), JSON.stringify(singleTask({ Resource: placeholder('RecordOutcomeArn') })));

    await expect(readDefinitionFiles(directory, {})).rejects.toThrow(
      `remediation.asl.json: No substitution for ${placeholder('RecordOutcomeArn')}`,
    );
  });
});
