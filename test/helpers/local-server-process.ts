/**
 * Runs a real server binary (Alertmanager, Prometheus) on a free loopback port, in a temporary
 * directory, until its readiness URL answers; stops it by PID and removes the directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalServer {
  /** The base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface LocalServerOptions {
  readonly name: string;
  readonly binary: string;
  /** Writes what the server needs into `dir` and returns its arguments for `port`. */
  readonly prepare: (dir: string, port: number) => Promise<readonly string[]>;
  /** The path that answers 2xx once it is ready, e.g. `/-/ready`. */
  readonly readyPath: string;
  readonly readyTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { name, binary } = options;
  const dir = await mkdtemp(join(tmpdir(), `alertgate-${name.toLowerCase()}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, await options.prepare(dir, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const pid = child.pid;
  const cleanup = async () => {
    await stopProcess(child, exited);
    await rm(dir, { recursive: true, force: true });
  };
  if (pid === undefined) {
    const error = await spawnError;
    await rm(dir, { recursive: true, force: true });
    throw new Error(`could not start ${name} (${binary}): ${error.message}`);
  }

  const timeout = options.readyTimeoutMs ?? 20_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (exitCode !== undefined) {
      await cleanup();
      throw new Error(`${name} (${binary}) exited with code ${exitCode} before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${url}${options.readyPath}`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await cleanup();
      throw new Error(`${name} (${binary}) was not ready at ${url} within ${timeout} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid, stop: cleanup };
}

/** SIGTERM by PID, then SIGKILL if it lingers. */
async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  process.kill(child.pid, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
  if (!stopped && child.exitCode === null) {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}
