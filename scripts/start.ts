/**
 * `npm start`: alertgate on the embedded emulators, no Docker, no AWS account.
 * Ctrl-C stops every process it started.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { localPaths, startLocalAlertgate } from './local/alertgate-local.ts';
import { mintDevToken } from './local/dev-keys.ts';

const root = join(import.meta.dirname, '..');
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const paths = localPaths(root);
mkdirSync(paths.dataDir, { recursive: true });

console.log('Starting the emulators, Step Functions and serverless offline…');
const stage = process.env.STAGE ?? 'dev';
const alertgate = await startLocalAlertgate({
  root,
  stage,
  dataDir: paths.dataDir,
  keysDir: paths.keysDir,
  checkpointsDir: paths.checkpointsDir,
  ports: {
    http: port('HTTP_PORT', 3000),
    lambda: port('LAMBDA_PORT', 3002),
    dynamodb: port('DYNAMODB_PORT', 8000),
    sqs: port('SQS_PORT', 9324),
    stepFunctions: port('SFN_PORT', 8083),
    console: port('CONSOLE_PORT', 3003),
    identityProvider: port('IDP_PORT', 3004),
    websocket: port('WEBSOCKET_PORT', 3001),
  },
  // Both endpoint variables set (e.g. to LocalStack): use those emulators instead of the embedded ones.
  existingEndpoints:
    process.env.AWS_ENDPOINT_URL_DYNAMODB !== undefined && process.env.AWS_ENDPOINT_URL_SQS !== undefined
      ? { dynamodb: process.env.AWS_ENDPOINT_URL_DYNAMODB, sqs: process.env.AWS_ENDPOINT_URL_SQS }
      : undefined,
  publicBaseUrl: process.env.PUBLIC_BASE_URL,
  log: process.env.VERBOSE === '1' ? (chunk) => process.stdout.write(chunk) : undefined,
  warn: (line) => console.warn(line),
});

const token = await mintDevToken(alertgate.keys, { tenant: 'demo', roles: ['admin'], subject: 'dev-admin' });
const { baseUrl, consoleUrl, issuer, liveUrl, lambdaEndpoint, stepFunctions, stack } = alertgate;
console.log(`
alertgate is running.

Console: ${consoleUrl}
  Sign in as alice (approver), bob (viewer), carol (auditor), dave (admin), erin (responder)
  or frank (approver); tenant demo, password alertgate.

  API        ${baseUrl}        (GET ${baseUrl}/v1/health, reference at ${baseUrl}/docs)
  Sign-in    ${issuer}        (the development OpenID Provider)
  Live       ${liveUrl}          (WebSocket: the console's live updates)
  Lambda     ${lambdaEndpoint}        (POST /2015-03-31/functions/<function>/invocations)
  DynamoDB   ${stack.endpoints.dynamodb}
  SQS        ${stack.endpoints.sqs}
  Step Fns   ${stepFunctions.endpoint}        (state machine ${stepFunctions.remediationStateMachineArn})

Schedules (expiring approvals, resending owed events, audit checkpoints) are fired by
serverless offline on clock boundaries; run one now through the Lambda port (below).

Development token (tenant demo, role admin, 12 h):

  ${token}

Try it:

  export TOKEN=${token}
  curl -sS -X POST ${baseUrl}/v1/webhooks/alertmanager \\
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
    --data @events/alertmanager/firing-multiple.json
  curl -sS ${baseUrl}/v1/alerts -H "Authorization: Bearer $TOKEN"
  curl -sS -X POST ${lambdaEndpoint}/2015-03-31/functions/alertgate-${stage}-expireApprovals/invocations -d '{}'   # a schedule, now

More tokens: npm run token -- --tenant acme --roles approver,viewer
Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Step Functions, serverless offline, fauxqs and DynamoDB Local…`);
  await alertgate.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
