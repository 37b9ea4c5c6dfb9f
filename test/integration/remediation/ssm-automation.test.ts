/**
 * The SSM executor through the real SDK (default client factory: STS AssumeRole, then SSM),
 * against a small fake speaking the two wire formats involved: STS's query protocol for
 * AssumeRole and SSM's AWS JSON 1.1 for StartAutomationExecution. Endpoints come from
 * AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL_STS, as they would locally.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { SsmAutomationExecutor } from '../../../shared/adapters/executors/ssm-automation-executor.ts';
import { isTransientFailure } from '../../../shared/adapters/outbound-http/http-delivery.ts';
import { TargetBreakers } from '../../../shared/adapters/outbound-http/target-breakers.ts';
import { remediationConfigSchema } from '../../../shared/domain/remediation/executor-config.ts';
import { answered, executionRequest, freshBreakers } from '../../support/remediation-fixtures.ts';

const ROLE_ARN = 'arn:aws:iam::210987654321:role/alertgate-remediation';
const TEMP_KEY = 'ASIAFAKETEMPORARYKEY';

type SsmReply = { readonly status: number; readonly body: unknown };

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const startAutomation = z.object({
  DocumentName: z.string(),
  Parameters: z.record(z.string(), z.array(z.string())).optional(),
  ClientToken: z.string().optional(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
});

let server: Server;
let endpoint: string;
const assumeRoleCalls: URLSearchParams[] = [];
const ssmCalls: Received[] = [];
const ssmReplies: SsmReply[] = [];
const savedEnv: Record<string, string | undefined> = {};
const ENV = {
  AWS_ENDPOINT_URL_SSM: '',
  AWS_ENDPOINT_URL_STS: '',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAFAKEBASEKEY',
  AWS_SECRET_ACCESS_KEY: 'fake-base-secret',
};

function assumeRoleXml(): string {
  const expiration = new Date(Date.now() + 3_600_000).toISOString();
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${TEMP_KEY}</AccessKeyId>
      <SecretAccessKey>fake-temporary-secret</SecretAccessKey>
      <SessionToken>fake-session-token</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKE:alertgate-acme</AssumedRoleId>
      <Arn>arn:aws:sts::210987654321:assumed-role/alertgate-remediation/alertgate-acme</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.headers['x-amz-target'] === 'AmazonSSM.StartAutomationExecution') {
        ssmCalls.push({ headers: req.headers, body });
        const reply = ssmReplies.shift() ?? { status: 200, body: { AutomationExecutionId: `exec-${ssmCalls.length}` } };
        res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'fake' });
        res.end(JSON.stringify(reply.body));
        return;
      }
      const form = new URLSearchParams(body);
      if (form.get('Action') === 'AssumeRole') {
        assumeRoleCalls.push(form);
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(assumeRoleXml());
        return;
      }
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'UnknownOperationException', message: 'not faked' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [name, value] of Object.entries({ ...ENV, AWS_ENDPOINT_URL_SSM: endpoint, AWS_ENDPOINT_URL_STS: endpoint })) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
});

afterAll(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  assumeRoleCalls.length = 0;
  ssmCalls.length = 0;
  ssmReplies.length = 0;
});

function executor() {
  return new SsmAutomationExecutor({
    ssm: remediationConfigSchema.parse({ ssm: { roleArn: ROLE_ARN, allowedDocuments: ['AWS-RestartEC2Instance'] } }).ssm,
    breakers: new TargetBreakers(isTransientFailure),
    policy: { attemptTimeoutMs: 3_000, maxRetries: 2, initialDelayMs: 20, maxDelayMs: 50, budgetMs: 10_000 },
    // The test points AWS_ENDPOINT_URL_SSM at its fake SSM.
    env: process.env,
  });
}

const request = executionRequest('run_ssm_automation', {
  documentName: 'AWS-RestartEC2Instance',
  parameters: { InstanceId: ['i-0123456789abcdef0'] },
});

describe('starting an SSM automation', () => {
  it("assumes the tenant's role with the tenant id as external id, then starts the runbook with those credentials", async () => {
    const outcome = await executor().execute(request);

    expect(outcome).toMatchObject({ status: 'succeeded', executor: 'ssm-automation', externalId: 'exec-1', attempts: 1 });
    expect(outcome.detail).toBe('automation AWS-RestartEC2Instance started: execution exec-1');
    expect(assumeRoleCalls).toHaveLength(1);
    expect(assumeRoleCalls[0]?.get('RoleArn')).toBe(ROLE_ARN);
    expect(assumeRoleCalls[0]?.get('ExternalId')).toBe('acme');
    expect(assumeRoleCalls[0]?.get('RoleSessionName')).toBe('alertgate-acme');
    const [call] = ssmCalls;
    if (call === undefined) throw new Error('SSM not called');
    expect(call.headers.authorization).toContain(`Credential=${TEMP_KEY}/`);
    const sent = startAutomation.parse(JSON.parse(call.body));
    expect(sent).toEqual(outcome.request?.body);
    expect(sent).toMatchObject({ DocumentName: 'AWS-RestartEC2Instance', Parameters: { InstanceId: ['i-0123456789abcdef0'] } });
    expect(outcome.request?.url).toBe(`${endpoint}/…`);
  });

  it('retries an SSM server error with the same client token, so the runbook starts once', async () => {
    ssmReplies.push({ status: 500, body: { __type: 'InternalServerError', message: 'try again' } });

    const outcome = await executor().execute(request);

    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 2 });
    const tokens = ssmCalls.map((call) => startAutomation.parse(JSON.parse(call.body)).ClientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('fails without retrying when SSM refuses the parameters', async () => {
    ssmReplies.push({ status: 400, body: { __type: 'InvalidAutomationExecutionParametersException', message: 'InstanceId is not valid' } });

    const outcome = await executor().execute(request);

    expect(ssmCalls).toHaveLength(1);
    expect(outcome).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'answered 400 InvalidAutomationExecutionParametersException: InstanceId is not valid',
      response: answered(400, 'InvalidAutomationExecutionParametersException: InstanceId is not valid'),
    });
  });

  it('starts nothing for a tenant without a role', async () => {
    const withoutRole = new SsmAutomationExecutor({ breakers: freshBreakers(), ssm: undefined, env: {} });

    const outcome = await withoutRole.execute(request);

    expect(outcome).toMatchObject({ status: 'failed', error: 'no role to run SSM automation with (remediation.ssm.roleArn)' });
    expect(ssmCalls).toHaveLength(0);
    expect(assumeRoleCalls).toHaveLength(0);
  });
});
