/**
 * Starts a real Prometheus (Debian's `prometheus` package, or PROMETHEUS_BIN) that scrapes one
 * target every second with a bearer token, on a free loopback port, with its own storage
 * directory. A missing binary is an error saying how to install it, never a skip.
 */
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LocalServer, startLocalServer } from './local-server-process.ts';

export interface ScrapeTarget {
  /** The target's URL, e.g. `http://127.0.0.1:3000/v1/metrics`. */
  readonly url: string;
  readonly bearer: string;
}

function prometheusBinary(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.PROMETHEUS_BIN, '/usr/bin/prometheus'].filter((path): path is string => path !== undefined && path !== '');
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // next
    }
  }
  throw new Error(
    `Prometheus is not installed: GET /v1/metrics is tested by a real scrape. Install it (sudo apt-get install -y prometheus) or set PROMETHEUS_BIN. Looked for: ${candidates.join(', ')}`,
  );
}

function config(target: ScrapeTarget): string {
  const url = new URL(target.url);
  // JSON is YAML: no quoting rules to get wrong for the token.
  return JSON.stringify({
    global: { scrape_interval: '1s', scrape_timeout: '1s' },
    scrape_configs: [
      {
        job_name: 'alertgate',
        scheme: url.protocol.replace(':', ''),
        metrics_path: url.pathname,
        authorization: { type: 'Bearer', credentials: target.bearer },
        static_configs: [{ targets: [url.host] }],
      },
    ],
  });
}

export function startRealPrometheus(target: ScrapeTarget): Promise<LocalServer> {
  return startLocalServer({
    name: 'Prometheus',
    binary: prometheusBinary(),
    readyPath: '/-/ready',
    prepare: async (dir, port) => {
      const file = join(dir, 'prometheus.yml');
      await writeFile(file, config(target));
      return [
        `--config.file=${file}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ];
    },
  });
}
