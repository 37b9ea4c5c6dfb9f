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
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { type LocalServer, startLocalServer } from './local-server-process.ts';

export type RealAlertmanager = LocalServer;

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

export async function startRealAlertmanager(options: { readyTimeoutMs?: number } = {}): Promise<RealAlertmanager> {
  return startLocalServer({
    name: 'Alertmanager',
    binary: findAlertmanagerBinary(),
    readyPath: '/-/ready',
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    prepare: async (dir, port) => {
      const configFile = join(dir, 'alertmanager.yml');
      await writeFile(configFile, CONFIG);
      return [
        `--config.file=${configFile}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // No clustering: nothing else listens, no gossip port to collide on.
        '--cluster.listen-address=',
        '--log.level=warn',
      ];
    },
  });
}
