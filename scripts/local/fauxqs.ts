import { startFauxqs as startFauxqsServer } from 'fauxqs';
import { LOCAL_REGION } from './local-aws.ts';
import type { RunningService } from './running-service.ts';

/**
 * Starts the fauxqs SQS emulator in this process (request logging off) and resolves once its
 * `/health` answers. Its `pid` is therefore the current process. State is in memory, or in a
 * SQLite file in `dataDir`, where queues and messages survive a restart on the same directory.
 *
 * SDK clients must use `endpoint` explicitly and, for `@aws-sdk/client-sqs`,
 * `useQueueUrlAsEndpoint: false`: the host in a fauxqs queue URL is not guaranteed to resolve.
 */
export async function startFauxqs(options: { port: number; dataDir?: string }): Promise<RunningService> {
  const server = await startFauxqsServer({ port: options.port, logger: false, defaultRegion: LOCAL_REGION, dataDir: options.dataDir });
  // It listens on 0.0.0.0; clients use the loopback address, as the launcher's other endpoints do.
  const endpoint = `http://127.0.0.1:${server.port}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= server.stop();
    return stopping;
  };
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`fauxqs /health on ${endpoint} answered ${response.status}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: process.pid, stop };
}
