/**
 * alertgate on the embedded emulators: DynamoDB Local, fauxqs, the tables and queues from
 * resources/, the local Step Functions endpoint with resources/statemachines, a development signing
 * key, `serverless offline` wired to all of them (it fires the `schedule` events itself), SQS
 * pollers invoking the queue consumers through its Lambda port, the embedded OpenID Provider
 * the API verifies tokens of, and the web console.
 * Used by `npm start` and by the end-to-end tests' global setup.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsoleServer } from './console-server.ts';
import { DEV_AUDIENCE, type DevKeys, ensureAuditCheckpointKeys, ensureDevKeys, issuerFile } from './dev-keys.ts';
import { useExistingEmulators } from './existing-stack.ts';
import { freePort } from './free-port.ts';
import { assertLocalStage, CONSOLE_CLIENT_ID, CONSOLE_SCOPE, startIdentityProvider } from './identity-provider/identity-provider.ts';
import { LOCAL_CREDENTIALS } from './local-aws.ts';
import { type LocalStack, startLocalStack } from './local-stack.ts';
import { type OfflineOptions, startServerlessOffline } from './serverless-offline.ts';
import { invokeThroughLambdaPort, sqsEventSources, startSqsEventSources } from './sqs-event-source.ts';
import { startAlertgateStateMachines } from './step-functions/alertgate-state-machines.ts';

export interface LocalAlertgateOptions {
  readonly root: string;
  readonly stage: string;
  /** Persist DynamoDB data here; in memory when absent. */
  readonly dataDir?: string;
  /** Persist fauxqs's queues here (what a fault drill's SQS restart needs); in memory when absent. */
  readonly sqsDataDir?: string;
  readonly keysDir: string;
  /** Where audit checkpoints are archived (the S3 bucket's stand-in); a fresh temporary directory when absent. */
  readonly checkpointsDir?: string;
  readonly ports?: {
    readonly http?: number;
    readonly lambda?: number;
    readonly dynamodb?: number;
    readonly sqs?: number;
    readonly stepFunctions?: number;
    readonly console?: number;
    readonly websocket?: number;
    readonly identityProvider?: number;
  };
  /**
   * Use emulators already running there (e.g. LocalStack) instead of starting the embedded ones.
   * Step Functions stays the embedded endpoint either way.
   */
  readonly existingEndpoints?: { readonly dynamodb: string; readonly sqs: string };
  /** Task states' `TimeoutSeconds` by state name, over resources/statemachines' (what a drill makes time out). */
  readonly stepFunctionsTaskTimeouts?: Readonly<Record<string, number>>;
  /** More environment for the functions (an operator's limits, say), over the defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where approval and incident links point (`PUBLIC_BASE_URL`); the console's URL when absent. */
  readonly publicBaseUrl?: string;
  /** Where to copy the output of serverless offline and the local endpoints; silent when absent. */
  readonly log?: (chunk: string) => void;
  /** Failures of the local event sources (SQS pollers, schedules), one line each; sent to `log` when absent. */
  readonly warn?: (line: string) => void;
}

export interface LocalAlertgate {
  /** The HTTP API, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** The web console, e.g. `http://127.0.0.1:3003`. */
  readonly consoleUrl: string;
  /** The embedded OpenID Provider the console signs in with, e.g. `http://127.0.0.1:3004`. */
  readonly issuer: string;
  /** The live-updates WebSocket API, e.g. `ws://127.0.0.1:3001`. */
  readonly liveUrl: string;
  /**
   * serverless-offline's Lambda Invoke API, e.g. `http://127.0.0.1:3002`: invoke a function with
   * `POST <lambdaEndpoint>/2015-03-31/functions/alertgate-<stage>-<functionKey>/invocations`.
   */
  readonly lambdaEndpoint: string;
  readonly stepFunctions: {
    /** The local Step Functions endpoint, the functions' `AWS_ENDPOINT_URL_SFN`. */
    readonly endpoint: string;
    /** The functions' `REMEDIATION_STATE_MACHINE_ARN` (passed as LOCAL_REMEDIATION_STATE_MACHINE_ARN, see serverless.yml). */
    readonly remediationStateMachineArn: string;
  };
  readonly stack: LocalStack;
  /** What the fault drills do to the functions (scripts/drill); `stack.faults` has the emulators'. */
  readonly faults: FunctionFaults;
  readonly keys: DevKeys;
  /** Stops everything started, in order: event sources, Step Functions, serverless offline, emulators. */
  stop(): Promise<void>;
}

export interface FunctionFaults {
  /**
   * Kills serverless offline and every function running in it (SIGKILL, mid-invocation), then starts
   * it again on the same ports. The SQS records being processed return after their visibility timeout.
   */
  crashFunctions(): Promise<void>;
}

export async function startLocalAlertgate(options: LocalAlertgateOptions): Promise<LocalAlertgate> {
  assertLocalStage(options.stage);
  const [identityPort, consolePort, websocketPort] = await Promise.all([
    options.ports?.identityProvider ?? freePort(),
    options.ports?.console ?? freePort(),
    options.ports?.websocket ?? freePort(),
  ]);
  // Tokens of `npm run token` and of the sign-in share the identity provider's issuer and key.
  const keys = await ensureDevKeys(options.keysDir, `http://127.0.0.1:${identityPort}`);
  writeFileSync(issuerFile(options.keysDir), keys.issuer);
  const checkpointKeys = ensureAuditCheckpointKeys(options.keysDir);
  const checkpointsDir = options.checkpointsDir ?? mkdtempSync(join(tmpdir(), 'alertgate-checkpoints-'));
  mkdirSync(checkpointsDir, { recursive: true });
  const stack =
    options.existingEndpoints === undefined
      ? await startLocalStack({
          root: options.root,
          stage: options.stage,
          dataDir: options.dataDir,
          sqsDataDir: options.sqsDataDir,
          ports: options.ports,
        })
      : await useExistingEmulators({ root: options.root, stage: options.stage, endpoints: options.existingEndpoints });
  const log = (prefix: string) => (line: string) => options.log?.(`[${prefix}] ${line}\n`);
  const warn = (prefix: string) => (line: string) => (options.warn === undefined ? log(prefix)(line) : options.warn(`[${prefix}] ${line}`));
  const running: Partial<Record<'sqs' | 'sfn' | 'offline' | 'idp' | 'console', () => Promise<void>>> = {};
  // What feeds work to the functions stops first (SQS pollers, then Step Functions, whose executions invoke
  // them), then the functions, then what they store in; each after the previous one has stopped.
  const stopRunning = () => stopInOrder([running.console, running.sqs, running.sfn, running.offline, running.idp, () => stack.stop()]);
  try {
    const [httpPort, lambdaPort, stepFunctionsPort] = await Promise.all([
      options.ports?.http ?? freePort(),
      options.ports?.lambda ?? freePort(),
      options.ports?.stepFunctions ?? freePort(),
    ]);
    const lambdaEndpoint = `http://127.0.0.1:${lambdaPort}`;
    const apiUrl = `http://127.0.0.1:${httpPort}`;
    const consoleUrl = `http://127.0.0.1:${consolePort}`;

    const idp = await startIdentityProvider({
      port: identityPort,
      stage: options.stage,
      signingKey: keys.privateJwk,
      consoleOrigin: consoleUrl,
    });
    running.idp = idp.stop;

    // Before serverless offline, whose functions get its URL; its tasks only call them once an execution starts.
    const sfn = await startAlertgateStateMachines({
      root: options.root,
      stage: options.stage,
      port: stepFunctionsPort,
      lambdaEndpoint,
      region: stack.region,
      log: log('sfn'),
      taskTimeoutSeconds: options.stepFunctionsTaskTimeouts,
    });
    running.sfn = sfn.stop;
    const remediationStateMachineArn = sfn.stateMachineArn('remediation');

    const offlineOptions: OfflineOptions = {
      root: options.root,
      stage: options.stage,
      httpPort,
      lambdaPort,
      log: options.log,
      env: {
        AWS_REGION: stack.region,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
        AWS_ENDPOINT_URL_SQS: stack.endpoints.sqs,
        AWS_ENDPOINT_URL_SFN: sfn.endpoint,
        // A function invoking another (an on-demand audit checkpoint) reaches it on serverless offline's Lambda port.
        AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
        LOCAL_REMEDIATION_STATE_MACHINE_ARN: remediationStateMachineArn,
        PUBLIC_BASE_URL: options.publicBaseUrl ?? consoleUrl,
        CONSOLE_ORIGIN: consoleUrl,
        // Live updates: serverless offline's WebSocket API, and its management endpoint for the audit writer.
        WEBSOCKET_PORT: String(websocketPort),
        LOCAL_LIVE_API_ENDPOINT: `http://127.0.0.1:${websocketPort}`,
        // The same remote-JWKS path as in the cloud (plain http is accepted on the local stack only).
        AUTH_JWKS_URL: idp.jwksUrl,
        AUTH_ISSUER: idp.issuer,
        AUTH_AUDIENCE: DEV_AUDIENCE,
        AUTH_ALGORITHMS: 'ES256',
        TRACE_ENABLED: 'false',
        // No CloudWatch to read EMF locally: the lines would only bury the logs. METRICS_DISABLED=false shows them.
        METRICS_DISABLED: process.env.METRICS_DISABLED ?? 'true',
        AUDIT_CHECKPOINT_PRIVATE_KEY: checkpointKeys.privateKeyPem,
        AUDIT_CHECKPOINT_PUBLIC_KEYS: checkpointKeys.publicKeysJwks,
        AUDIT_CHECKPOINT_DIR: checkpointsDir,
        ...options.env,
      },
    };
    let offline = await startServerlessOffline(offlineOptions);
    running.offline = () => offline.stop();
    const faults: FunctionFaults = {
      async crashFunctions() {
        await offline.crash();
        // Stopped meanwhile (a test timed out): starting it again would leave it running.
        if (stopping !== undefined) return;
        offline = await startServerlessOffline(offlineOptions);
        if (stopping !== undefined) await offline.stop();
      },
    };

    const consoleServer = await startConsoleServer({
      root: options.root,
      port: consolePort,
      config: {
        apiBaseUrl: apiUrl,
        issuer: idp.issuer,
        clientId: CONSOLE_CLIENT_ID,
        scope: CONSOLE_SCOPE,
        liveUrl: `ws://127.0.0.1:${websocketPort}`,
      },
    });
    running.console = consoleServer.stop;

    running.sqs = startSqsEventSources(
      stack,
      await sqsEventSources(options.root, options.stage),
      invokeThroughLambdaPort(lambdaEndpoint),
      warn('sqs'),
    );

    let stopping: Promise<void> | undefined;
    return {
      baseUrl: offline.endpoint,
      consoleUrl,
      issuer: idp.issuer,
      liveUrl: `ws://127.0.0.1:${websocketPort}`,
      lambdaEndpoint,
      stepFunctions: { endpoint: sfn.endpoint, remediationStateMachineArn },
      stack,
      faults,
      keys,
      stop: () => {
        stopping ??= stopRunning();
        return stopping;
      },
    };
  } catch (error) {
    // The start-up error is the one to report; a failure to clean up only gets a warning.
    await stopRunning().catch((stopError: unknown) => console.warn('Could not stop the local services after a failed start', stopError));
    throw error;
  }
}

/** Stops the services in order, each after the previous one has stopped, even when one fails; skips those not started. */
async function stopInOrder(stops: readonly ((() => Promise<void>) | undefined)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const stop of stops) {
    try {
      await stop?.();
    } catch (error: unknown) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, 'Some local services did not stop cleanly');
}

export const localPaths = (root: string) => ({
  keysDir: join(root, '.local', 'auth'),
  dataDir: join(root, '.local', 'dynamodb'),
  checkpointsDir: join(root, '.local', 'audit-checkpoints'),
});
