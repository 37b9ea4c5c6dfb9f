/**
 * The browsable API reference: Swagger UI (swagger-ui-dist, packaged with the docs function, no
 * CDN) over /v1/openapi.json, and the page the problem `type` URIs point to. Scripts are files,
 * never inline, so the page runs under a CSP without 'unsafe-inline'. Assets are read once per
 * container and sent gzipped to clients that accept it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NotFoundError } from '../../domain/errors.ts';
import type { RouteResponse } from './http-route.ts';
import { PROBLEM_BASE, PROBLEM_TYPES } from './problem.ts';

interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzipped: Buffer;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const SECURITY_HEADERS = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

const INDEX = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>alertgate API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="reference"></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/reference.js"></script>
</body>
</html>
`;

const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#reference', deepLinking: true });
});
`;

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function problemsPage(): string {
  const rows = PROBLEM_TYPES.map(
    (problem) =>
      `<tr id="${problem.slug}"><td><code>${escapeHtml(PROBLEM_BASE + problem.slug)}</code></td><td>${problem.status}</td><td>${escapeHtml(problem.title)}</td></tr>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>alertgate problem types</title></head>
<body>
<h1>Problem types</h1>
<p>Every error alertgate answers is <code>application/problem+json</code> (RFC 9457). Its <code>type</code> is one of these;
<code>detail</code> says what was wrong with this request, and <code>errors</code> (422 only) names each field.</p>
<table>
<thead><tr><th>type</th><th>status</th><th>title</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

function asset(type: string, body: Buffer): Asset {
  return { type, body, gzipped: gzipSync(body) };
}

/** The swagger-ui-dist files, next to the bundle in the package (function-level package patterns) or in node_modules locally. */
function swaggerFile(name: string): Buffer {
  const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return readFileSync(join(root, name));
}

export function apiReference() {
  const assets = new Map<string, Asset>([
    ['', asset('text/html; charset=utf-8', Buffer.from(INDEX))],
    ['problems', asset('text/html; charset=utf-8', Buffer.from(problemsPage()))],
    ['reference.js', asset('text/javascript; charset=utf-8', Buffer.from(INIT))],
    ['swagger-ui.css', asset('text/css; charset=utf-8', swaggerFile('swagger-ui.css'))],
    ['swagger-ui-bundle.js', asset('text/javascript; charset=utf-8', swaggerFile('swagger-ui-bundle.js'))],
  ]);
  return (name: string, acceptEncoding: string | undefined): RouteResponse => {
    const found = assets.get(name);
    if (found === undefined) throw new NotFoundError(`No ${JSON.stringify(name)} in the API reference`);
    const gzip = /\bgzip\b/.test(acceptEncoding ?? '');
    return {
      status: 200,
      text: (gzip ? found.gzipped : found.body).toString(gzip ? 'base64' : 'utf8'),
      ...(gzip ? { base64: true } : {}),
      headers: {
        'content-type': found.type,
        'cache-control': 'public, max-age=3600',
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        ...SECURITY_HEADERS,
      },
    };
  };
}
