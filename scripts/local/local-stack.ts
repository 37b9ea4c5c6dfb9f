import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createResources } from './create-resources.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { startFauxqs } from './fauxqs.ts';
import { freePort } from './free-port.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.ts';
import { loadResourceTemplates } from './resource-templates.ts';
import type { RunningService } from './running-service.ts';

/** The running emulators with the project's tables and queues in them. */
export type LocalStack = {
  /** Region the resources live in (queue ARNs carry it); give it to every client. */
  region: string;
  endpoints: { dynamodb: string; sqs: string };
  /** Table names. */
  tables: string[];
  /** Queue URL by queue name. */
  queues: Record<string, string>;
  /** What the fault drills do to the emulators (scripts/drill). */
  faults: EmulatorFaults;
  /** Stops both emulators; safe to call twice. */
  stop(): Promise<void>;
};

export interface EmulatorFaults {
  /** Freezes DynamoDB Local's JVM (SIGSTOP) for `ms`, then lets it go on (SIGCONT): requests hang, none fail. */
  pauseDynamoDb(ms: number): Promise<void>;
  /**
   * Stops fauxqs, leaves the port closed for `ms`, and starts it again there with the same queues
   * and messages (ready and in flight). Needs `sqsDataDir`: in memory, a restart would lose them.
   */
  stopSqsFor(ms: number): Promise<void>;
}

/**
 * Starts DynamoDB Local and fauxqs (on free ports unless given) and creates the tables and queues of
 * `resources/dynamodb.yml` and `resources/sqs.yml` for `stage`. If anything fails part-way, what was
 * already started is stopped before the error is rethrown.
 *
 * @example
 * const stack = await startLocalStack({ root: process.cwd(), stage: 'dev', dataDir: '.local/dynamodb' });
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.endpoints.dynamodb;
 * process.env.AWS_ENDPOINT_URL_SQS = stack.endpoints.sqs;
 * // …
 * await stack.stop();
 */
export async function startLocalStack(options: {
  root: string;
  stage: string;
  /** Where DynamoDB Local keeps its data; in memory when absent. */
  dataDir?: string;
  ports?: { dynamodb?: number; sqs?: number };
  /** Where fauxqs keeps its queues (SQLite), so that `faults.stopSqsFor` can restart it; in memory when absent. */
  sqsDataDir?: string;
}): Promise<LocalStack> {
  const started: RunningService[] = [];
  let stopped = false;
  const stop = once(() => {
    stopped = true;
    return stopAll(started);
  });
  try {
    // Templates first: a typo in a YAML file fails before any emulator starts.
    const resources = await loadResourceTemplates(options.root, options.stage);
    const [dynamodbPort, sqsPort] = await Promise.all([options.ports?.dynamodb ?? freePort(), options.ports?.sqs ?? freePort()]);
    const [dynamodbResult, sqsResult] = await Promise.allSettled([
      startDynamoDbLocal({ port: dynamodbPort, dataDir: options.dataDir }),
      startFauxqs({ port: sqsPort, dataDir: options.sqsDataDir }),
    ]);
    if (dynamodbResult.status === 'fulfilled') started.push(dynamodbResult.value);
    // The SQS emulator in `started` is whichever fauxqs runs now: a drill may have restarted it.
    let fauxqs = sqsResult.status === 'fulfilled' ? sqsResult.value : undefined;
    if (fauxqs !== undefined) started.push({ endpoint: fauxqs.endpoint, pid: fauxqs.pid, stop: () => fauxqs?.stop() ?? Promise.resolve() });
    if (dynamodbResult.status === 'rejected') throw dynamodbResult.reason;
    if (sqsResult.status === 'rejected') throw sqsResult.reason;
    const dynamodb = dynamodbResult.value.endpoint;
    const sqs = sqsResult.value.endpoint;
    const dynamodbPid = dynamodbResult.value.pid;
    const faults: EmulatorFaults = {
      async pauseDynamoDb(ms) {
        process.kill(dynamodbPid, 'SIGSTOP');
        try {
          await sleep(ms);
        } finally {
          process.kill(dynamodbPid, 'SIGCONT');
        }
      },
      async stopSqsFor(ms) {
        if (options.sqsDataDir === undefined) throw new Error('stopSqsFor needs sqsDataDir: an in-memory fauxqs would come back empty');
        await fauxqs?.stop();
        fauxqs = undefined;
        await sleep(ms);
        // The stack stopped meanwhile (a test timed out): starting it again would leave it running.
        if (stopped) return;
        fauxqs = await startFauxqs({ port: sqsPort, dataDir: options.sqsDataDir });
      },
    };

    const clients = {
      dynamodb: new DynamoDBClient({ endpoint: dynamodb, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
      sqs: new SQSClient({ endpoint: sqs, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, useQueueUrlAsEndpoint: false }),
    };
    try {
      const { tables, queues } = await createResources(clients, resources);
      return { region: LOCAL_REGION, endpoints: { dynamodb, sqs }, tables, queues, faults, stop };
    } finally {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
    }
  } catch (error) {
    // The start-up error is the one to report; a failure to clean up only gets a warning.
    await stop().catch((stopError: unknown) => console.warn('Could not stop the local emulators after a failed start', stopError));
    throw error;
  }
}

/** Stops every service, even when one of them fails to stop, then reports the failures. */
async function stopAll(services: readonly RunningService[]): Promise<void> {
  const results = await Promise.allSettled(services.map((service) => service.stop()));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (failures.length > 0) throw new AggregateError(failures, 'Some local emulators did not stop cleanly');
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= run();
    return running;
  };
}
