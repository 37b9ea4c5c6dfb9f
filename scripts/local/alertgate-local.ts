/**
 * alertgate on the embedded emulators: DynamoDB Local, fauxqs, the tables and queues from
 * resources/, a development signing key, and `serverless offline` wired to all of them.
 * Used by `npm start` and by the end-to-end tests' global setup.
 */
import { join } from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, type DevKeys, ensureAuditCheckpointKey, ensureDevKeys } from './dev-keys.ts';
import { useExistingEmulators } from './existing-stack.ts';
import { freePort } from './free-port.ts';
import { LOCAL_CREDENTIALS } from './local-aws.ts';
import { type LocalStack, startLocalStack } from './local-stack.ts';
import { startServerlessOffline } from './serverless-offline.ts';
import { invokeThroughLambdaPort, sqsEventSources, startSqsEventSources } from './sqs-event-source.ts';

export interface LocalAlertgateOptions {
  readonly root: string;
  readonly stage: string;
  /** Persist DynamoDB data here; in memory when absent. */
  readonly dataDir?: string;
  readonly keysDir: string;
  readonly ports?: { readonly http?: number; readonly lambda?: number; readonly dynamodb?: number; readonly sqs?: number };
  /** Use emulators already running there (e.g. LocalStack) instead of starting the embedded ones. */
  readonly existingEndpoints?: { readonly dynamodb: string; readonly sqs: string };
  readonly log?: (chunk: string) => void;
}

export interface LocalAlertgate {
  readonly baseUrl: string;
  readonly stack: LocalStack;
  readonly keys: DevKeys;
  stop(): Promise<void>;
}

export async function startLocalAlertgate(options: LocalAlertgateOptions): Promise<LocalAlertgate> {
  const keys = await ensureDevKeys(options.keysDir);
  const stack =
    options.existingEndpoints === undefined
      ? await startLocalStack({ root: options.root, stage: options.stage, dataDir: options.dataDir, ports: options.ports })
      : await useExistingEmulators({ root: options.root, stage: options.stage, endpoints: options.existingEndpoints });
  try {
    const lambdaPort = options.ports?.lambda ?? (await freePort());
    const offline = await startServerlessOffline({
      root: options.root,
      stage: options.stage,
      httpPort: options.ports?.http ?? (await freePort()),
      lambdaPort,
      log: options.log,
      env: {
        AWS_REGION: stack.region,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
        AWS_ENDPOINT_URL_SQS: stack.endpoints.sqs,
        AUTH_LOCAL_JWKS_FILE: keys.jwksFile,
        AUTH_ISSUER: DEV_ISSUER,
        AUTH_AUDIENCE: DEV_AUDIENCE,
        AUTH_ALGORITHMS: 'ES256',
        TRACE_ENABLED: 'false',
        AUDIT_CHECKPOINT_KEY: ensureAuditCheckpointKey(options.keysDir),
      },
    });
    const stopPolling = startSqsEventSources(
      stack,
      await sqsEventSources(options.root, options.stage),
      invokeThroughLambdaPort(`http://127.0.0.1:${lambdaPort}`),
      (line) => options.log?.(`[sqs] ${line}\n`),
    );
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= stopPolling()
        .then(() => offline.stop())
        .finally(() => stack.stop());
      return stopping;
    };
    return { baseUrl: offline.endpoint, stack, keys, stop };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

export const localPaths = (root: string) => ({
  keysDir: join(root, '.local', 'auth'),
  dataDir: join(root, '.local', 'dynamodb'),
});
