/**
 * Starts a real Alertmanager (the Debian package `prometheus-alertmanager`, or the binary named
 * by ALERTMANAGER_BIN) on a free loopback port, with a temporary storage directory and a minimal
 * configuration (one receiver that sends nowhere) and clustering off; waits for `/-/ready`;
 * stops it by PID. A missing binary is an error saying how to install it, never a skip.
 *
 * @example
 * const alertmanager = await startRealAlertmanager();
 * // … POST ${alertmanager.url}/api/v2/silences …
 * await alertmanager.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface RealAlertmanager {
  /** The base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export const ALERTMANAGER_INSTALL_HINT = 'sudo apt-get install -y prometheus-alertmanager';

const CONFIG = `route:
  receiver: 'null'
receivers:
  - name: 'null'
`;

/** The Alertmanager binary: ALERTMANAGER_BIN if set, else the Debian package's, else one on PATH. */
export function findAlertmanagerBinary(
  env: NodeJS.ProcessEnv = process.env,
  knownPaths: readonly string[] = ['/usr/bin/prometheus-alertmanager'],
): string {
  const explicit = env.ALERTMANAGER_BIN;
  if (explicit !== undefined && explicit !== '') {
    if (isExecutable(explicit)) return explicit;
    throw new Error(`ALERTMANAGER_BIN=${explicit} is not an executable file. ${INSTALL_ADVICE}`);
  }
  const candidates = [
    ...knownPaths,
    ...(env.PATH ?? '')
      .split(delimiter)
      .flatMap((dir) => (dir === '' ? [] : [join(dir, 'prometheus-alertmanager'), join(dir, 'alertmanager')])),
  ];
  const found = candidates.find(isExecutable);
  if (found !== undefined) return found;
  throw new Error(
    `Alertmanager is not installed: the silence executor is tested against a real one. ${INSTALL_ADVICE} Looked for: ${candidates.join(', ') || 'nothing (empty PATH)'}`,
  );
}

const INSTALL_ADVICE = `Install the Debian package (${ALERTMANAGER_INSTALL_HINT}) or set ALERTMANAGER_BIN to an alertmanager binary.`;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
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

export async function startRealAlertmanager(options: { readyTimeoutMs?: number } = {}): Promise<RealAlertmanager> {
  const binary = findAlertmanagerBinary();
  const dir = await mkdtemp(join(tmpdir(), 'alertgate-alertmanager-'));
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No clustering: nothing else listens, no gossip port to collide on.
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
    throw new Error(`could not start Alertmanager (${binary}): ${error.message}`);
  }

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exitCode !== undefined) {
      await cleanup();
      throw new Error(`Alertmanager (${binary}) exited with code ${exitCode} before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await cleanup();
      throw new Error(`Alertmanager (${binary}) was not ready at ${url} within ${options.readyTimeoutMs ?? 20_000} ms:\n${output}`);
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
