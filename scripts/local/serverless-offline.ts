/**
 * Runs `serverless offline` as a child process group and waits until the API answers
 * `GET /v1/health`. `stop()` ends the whole group, so no worker or bundler outlives it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunningService } from './running-service.ts';

export interface OfflineOptions {
  readonly root: string;
  readonly stage: string;
  readonly httpPort: number;
  readonly lambdaPort: number;
  /** Extra environment for the functions (endpoints, auth settings). */
  readonly env: Readonly<Record<string, string>>;
  /** Where to copy its output; silent when absent. */
  readonly log?: (chunk: string) => void;
  readonly readyTimeoutMs?: number;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serverless offline exited with ${child.exitCode}:\n${output().slice(-3000)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`serverless offline did not answer ${url} within ${timeoutMs} ms:\n${output().slice(-3000)}`);
}

export interface RunningOffline extends RunningService {
  /** Kills the whole group at once (SIGKILL), as a crash would: what the functions were doing is cut short. */
  crash(): Promise<void>;
}

export async function startServerlessOffline(options: OfflineOptions): Promise<RunningOffline> {
  const bin = join(options.root, 'node_modules', '.bin', 'serverless');
  const child = spawn(bin, ['offline', 'start', '--stage', options.stage], {
    cwd: options.root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...options.env,
      HTTP_PORT: String(options.httpPort),
      LAMBDA_PORT: String(options.lambdaPort),
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
    },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    options.log?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let stopping: Promise<void> | undefined;
  const end = (signal: 'SIGTERM' | 'SIGKILL') => {
    stopping ??= (async () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      const gone = exited(child);
      process.kill(-child.pid, signal);
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const stop = () => end('SIGTERM');

  const endpoint = `http://127.0.0.1:${options.httpPort}`;
  try {
    await waitForHealth(`${endpoint}/v1/health`, child, () => output, options.readyTimeoutMs ?? 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid ?? 0, stop, crash: () => end('SIGKILL') };
}
