/**
 * Serves the built console (console/dist) locally, as S3 and CloudFront do in the cloud: the same
 * security headers, `index.html` for the app's own paths, hashed assets cached for good, and the
 * runtime configuration at `/config.json`. The build is refreshed first (Vite takes a second).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';
import { securityHeaders } from '../../console/security-headers.ts';

export interface ConsoleServerOptions {
  readonly root: string;
  readonly port: number;
  readonly config: {
    readonly apiBaseUrl: string;
    readonly issuer: string;
    readonly clientId: string;
    readonly scope: string;
    readonly liveUrl?: string;
  };
  readonly log?: (line: string) => void;
}

export interface ConsoleServer {
  readonly url: string;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

export async function buildConsole(root: string, log?: (line: string) => void): Promise<string> {
  const consoleRoot = join(root, 'console');
  await build({ root: consoleRoot, configFile: join(consoleRoot, 'vite.config.ts'), logLevel: log === undefined ? 'silent' : 'info' });
  return join(consoleRoot, 'dist');
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const dist = await buildConsole(options.root, options.log);
  const origin = (url: string) => new URL(url).origin;
  const connect = [origin(options.config.apiBaseUrl), origin(options.config.issuer)];
  if (options.config.liveUrl !== undefined) connect.push(options.config.liveUrl.replace(/\/+$/, ''));
  const headers = securityHeaders({ connect });
  const configJson = JSON.stringify(options.config);
  const index = await readFile(join(dist, 'index.html'));

  const server: Server = createServer((req, res) => {
    const send = (status: number, type: string, body: string | Buffer, cache: string) => {
      res.writeHead(status, { ...headers, 'content-type': type, 'cache-control': cache });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://console').pathname);
    } catch {
      return send(400, 'text/plain', 'Bad request', 'no-store');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'Method not allowed', 'no-store');
    if (path === '/config.json') return send(200, TYPES['.json'] as string, configJson, 'no-store');
    // The app's own routes (no file extension) are the single page; anything else is a file of the build.
    if (extname(path) === '') return send(200, TYPES['.html'] as string, index, 'no-cache');
    const file = normalize(join(dist, path));
    if (!file.startsWith(`${dist}/`)) return send(404, 'text/plain', 'Not found', 'no-store');
    readFile(file).then(
      (body) =>
        send(
          200,
          TYPES[extname(file)] ?? 'application/octet-stream',
          body,
          path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
      () => send(404, 'text/plain', 'Not found', 'no-store'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return { url: `http://127.0.0.1:${options.port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
