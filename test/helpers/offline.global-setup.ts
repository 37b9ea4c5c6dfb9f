/** Starts alertgate under serverless offline on the emulators, once for the end-to-end tests. */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalAlertgate } from '../../scripts/local/alertgate-local.ts';
import type { DevKeys } from '../../scripts/local/dev-keys.ts';
import { SLACK_TEST_BOT_TOKEN, startFakeSlackApi } from './fake-slack-api.ts';
import { SLACK_TEST_SIGNING_SECRET } from './slack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    alertgate: {
      /** The HTTP API. */
      baseUrl: string;
      /** The web console, signing in with the embedded OpenID Provider. */
      consoleUrl: string;
      /** The live-updates WebSocket API. */
      liveUrl: string;
      /** The stand-in for Slack's Web API; GET <slackApi>/__calls lists what it was sent. */
      slackApi: string;
      keys: DevKeys;
      /** The stage the functions, tables and queues are named after (`alertgate-e2e-…`). */
      stage: string;
      region: string;
      /** serverless-offline's Lambda Invoke API: `POST <lambdaEndpoint>/2015-03-31/functions/alertgate-e2e-<functionKey>/invocations`. */
      lambdaEndpoint: string;
      /** DynamoDB Local, with the project's tables. */
      dynamodbEndpoint: string;
      /** The local Step Functions endpoint the functions use. */
      stepFunctionsEndpoint: string;
      remediationStateMachineArn: string;
    };
  }
}

const E2E_LOG = process.env.ALERTGATE_E2E_LOG ?? join(import.meta.dirname, '..', '..', 'test-output', 'offline.log');

export default async function setup(project: TestProject) {
  const keysDir = mkdtempSync(join(tmpdir(), 'alertgate-e2e-keys-'));
  mkdirSync(dirname(E2E_LOG), { recursive: true });
  writeFileSync(E2E_LOG, '');
  const stage = 'e2e';
  const slackApi = await startFakeSlackApi();
  // Serverless offline fires the schedules as under `npm start`; tests that need a run now invoke the function through the Lambda port.
  const alertgate = await startLocalAlertgate({
    root: join(import.meta.dirname, '..', '..'),
    stage,
    keysDir,
    // Every test request comes from 127.0.0.1, the fuzz's hundreds of unauthenticated ones too:
    // the per-address limit (tested in test/unit/app/auth) would otherwise refuse later files' 401 checks.
    // And the Slack app's signing secret, behind the tenant configs' `env:ALERTGATE_SLACK_SIGNING_SECRET`.
    env: {
      LIMIT_UNAUTHENTICATED_PER_MINUTE: '100000',
      ALERTGATE_SLACK_SIGNING_SECRET: SLACK_TEST_SIGNING_SECRET,
      ALERTGATE_SLACK_BOT_TOKEN: SLACK_TEST_BOT_TOKEN,
      SLACK_API_URL: `${slackApi.url}/api/`,
      // The tests' stand-in for Slack's response_url hooks listens on loopback.
      SLACK_RESPONSE_URL_PREFIX: 'http://127.0.0.1:',
    },
    // What serverless offline and the local endpoints print goes to test-output/offline.log (or
    // ALERTGATE_E2E_LOG), so a failed run, in CI too, can be read afterwards.
    log: (chunk: string) => appendFileSync(E2E_LOG, chunk),
  });
  project.provide('alertgate', {
    baseUrl: alertgate.baseUrl,
    consoleUrl: alertgate.consoleUrl,
    liveUrl: alertgate.liveUrl,
    slackApi: slackApi.url,
    keys: alertgate.keys,
    stage,
    region: alertgate.stack.region,
    lambdaEndpoint: alertgate.lambdaEndpoint,
    dynamodbEndpoint: alertgate.stack.endpoints.dynamodb,
    stepFunctionsEndpoint: alertgate.stepFunctions.endpoint,
    remediationStateMachineArn: alertgate.stepFunctions.remediationStateMachineArn,
  });
  return async () => {
    await alertgate.stop();
    await slackApi.close();
    rmSync(keysDir, { recursive: true, force: true });
  };
}
