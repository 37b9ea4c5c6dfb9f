/**
 * alertgate's own state machines on the local endpoint, as the launcher starts them: the definitions of
 * resources/statemachines with their function placeholders filled with the names serverless offline
 * gives the functions, their tasks invoked through a server shaped like serverless-offline's Lambda port.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { freePort } from '../../../scripts/local/free-port.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/local/local-aws.ts';
import { startAlertgateStateMachines, taskFunctionSubstitutions } from '../../../scripts/local/step-functions/alertgate-state-machines.ts';
import type { StepFunctionsEndpoint } from '../../../scripts/local/step-functions/server.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('taskFunctionSubstitutions', () => {
  it("fills each placeholder with the function's name under serverless offline", async () => {
    expect(await taskFunctionSubstitutions(root, 'test')).toEqual({
      RequestApprovalFunction: 'alertgate-test-requestApproval',
      ExecuteActionFunction: 'alertgate-test-executeAction',
      RecordOutcomeFunction: 'alertgate-test-recordOutcome',
    });
  });

  it('refuses to start when resources/functions.yml lacks a function a placeholder stands for', async () => {
    const project = await mkdtemp(join(tmpdir(), 'alertgate-sfn-'));
    try {
      await mkdir(join(project, 'resources'));
      await writeFile(
        join(project, 'resources', 'functions.yml'),
        'requestApproval: { handler: a.handler }\nexecuteAction: { handler: b.handler }\n',
      );

      await expect(taskFunctionSubstitutions(project, 'test')).rejects.toThrow(
        `The state machines' \${RecordOutcomeFunction} is the function recordOutcome, which resources/functions.yml does not define`,
      );
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});

describe('startAlertgateStateMachines', () => {
  const invoked: { functionName: string; payload: unknown }[] = [];
  let lambdaPort: Server;
  let sfn: StepFunctionsEndpoint;
  let client: SFNClient;

  beforeAll(async () => {
    lambdaPort = createServer(async (request, response) => {
      const functionName = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url ?? '')?.[1] ?? '';
      let body = '';
      for await (const chunk of request) body += String(chunk);
      const payload = JSON.parse(body);
      invoked.push({ functionName, payload });
      // As requestApproval does in auto mode: it resumes its own task at once.
      if (functionName.endsWith('-requestApproval') && payload.request?.mode === 'auto') {
        await client.send(new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{"approvedBy":[]}' }));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: functionName }));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => lambdaPort.listen(port, '127.0.0.1', resolve));
    sfn = await startAlertgateStateMachines({
      root,
      stage: 'test',
      port: await freePort(),
      lambdaEndpoint: `http://127.0.0.1:${port}`,
      region: LOCAL_REGION,
    });
    client = new SFNClient({ endpoint: sfn.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  });

  afterAll(async () => {
    client?.destroy();
    await sfn?.stop();
    await new Promise((resolve) => lambdaPort?.close(resolve));
  });

  async function finished(executionArn: string) {
    return vi.waitFor(
      async () => {
        const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
        if (execution.status === 'RUNNING') throw new Error('still running');
        return execution;
      },
      { timeout: 10_000, interval: 50 },
    );
  }

  it('names the remediation state machine with the local region and account', () => {
    expect(sfn.stateMachineArn('remediation')).toBe(`arn:aws:states:${LOCAL_REGION}:000000000000:stateMachine:remediation`);
  });

  it('runs an auto remediation through its gate, executeAction and recordOutcome, under their serverless-offline names', async () => {
    invoked.length = 0;
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: sfn.stateMachineArn('remediation'),
        name: 'auto-1',
        input: '{"mode":"auto","deadlineSeconds":900}',
      }),
    );

    const execution = await finished(executionArn ?? '');

    expect(execution.status).toBe('SUCCEEDED');
    expect(invoked.map((call) => call.functionName)).toEqual([
      'alertgate-test-requestApproval',
      'alertgate-test-executeAction',
      'alertgate-test-recordOutcome',
    ]);
  });

  it('gives requestApproval a task token, and goes on to the action once it is sent back', async () => {
    invoked.length = 0;
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: sfn.stateMachineArn('remediation'),
        name: 'approval-1',
        input: '{"mode":"approval","deadlineSeconds":300}',
      }),
    );
    const request = await vi.waitFor(
      () => {
        const call = invoked.find((candidate) => candidate.functionName === 'alertgate-test-requestApproval');
        if (call === undefined) throw new Error('requestApproval not invoked yet');
        return z.object({ taskToken: z.string().min(1) }).parse(call.payload);
      },
      { timeout: 10_000, interval: 50 },
    );

    await client.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: '{"approvedBy":["a"]}' }));
    const execution = await finished(executionArn ?? '');

    expect(execution.status).toBe('SUCCEEDED');
    expect(invoked.map((call) => call.functionName)).toEqual([
      'alertgate-test-requestApproval',
      'alertgate-test-executeAction',
      'alertgate-test-recordOutcome',
    ]);
  });
});
