/**
 * Invoking Lambda tasks through serverless-offline's Lambda port, against a server that answers the
 * way serverless-offline 14 does (src/lambda/routes/invocations): results as JSON, function errors as
 * HTTP 200 with `X-Amz-Function-Error: Unhandled` and `errorType: "Error"`, unknown functions as 404
 * with `x-amzn-ErrorType: ResourceNotFoundException`.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/local/free-port.ts';
import { invokeFunctionsThroughLambdaPort, LambdaFunctionError } from '../../../scripts/local/step-functions/lambda-invoker.ts';

const received: { functionName: string; body: string }[] = [];
let server: Server;
let lambdaEndpoint: string;

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const functionName = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url ?? '')?.[1] ?? '';
    let body = '';
    for await (const chunk of request) body += String(chunk);
    received.push({ functionName, body });
    if (functionName === 'alertgate-test-execute-action') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ outcome: 'executed' }));
    } else if (functionName === 'alertgate-test-hanging') {
      // Never answers: only the caller's abort ends the request.
    } else if (functionName === 'alertgate-test-flaky') {
      response.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' }).end(
        JSON.stringify({
          errorMessage: 'the target is busy',
          errorType: 'Error',
          trace: ['TransientError: the target is busy', '    at handler (file:///functions/remediation/execute-action.mjs:1:1)'],
        }),
      );
    } else {
      response
        .writeHead(404, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'ResourceNotFoundException' })
        .end(JSON.stringify({ Message: `Function not found: ${functionName}`, Type: 'User' }));
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  lambdaEndpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
});

describe('invokeFunctionsThroughLambdaPort', () => {
  it('posts the payload to the function and gives back its result', async () => {
    const invoke = invokeFunctionsThroughLambdaPort(lambdaEndpoint);

    const result = await invoke('alertgate-test-execute-action', { alertId: 'a-1' });

    expect(result).toEqual({ outcome: 'executed' });
    expect(received.at(-1)).toEqual({ functionName: 'alertgate-test-execute-action', body: '{"alertId":"a-1"}' });
  });

  it('throws a function error with the name the function threw, as Lambda reports it', async () => {
    const invoke = invokeFunctionsThroughLambdaPort(lambdaEndpoint);

    const failure = await invoke('alertgate-test-flaky', {}).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(LambdaFunctionError);
    expect(failure).toMatchObject({ errorType: 'TransientError', message: 'the target is busy' });
  });

  it('throws Lambda.ResourceNotFoundException for a function serverless-offline does not know', async () => {
    const invoke = invokeFunctionsThroughLambdaPort(lambdaEndpoint);

    await expect(invoke('alertgate-test-missing', {})).rejects.toMatchObject({ errorType: 'Lambda.ResourceNotFoundException' });
  });

  it('stops waiting for a function, with Lambda.ServiceException, once its signal is aborted', async () => {
    const abort = new AbortController();
    const invoke = invokeFunctionsThroughLambdaPort(lambdaEndpoint, { signal: abort.signal });

    const invoking = invoke('alertgate-test-hanging', {});
    setTimeout(() => abort.abort(), 50);

    await expect(invoking).rejects.toMatchObject({ errorType: 'Lambda.ServiceException' });
  });

  it('throws Lambda.ServiceException when nothing listens on the Lambda port', async () => {
    const invoke = invokeFunctionsThroughLambdaPort(`http://127.0.0.1:${await freePort()}`);

    await expect(invoke('alertgate-test-execute-action', {})).rejects.toMatchObject({ errorType: 'Lambda.ServiceException' });
  });
});
