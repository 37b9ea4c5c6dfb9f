import { get, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, inject, it } from 'vitest';
import { call } from '../helpers/api.ts';

const base = () => inject('alertgate').baseUrl;

describe('GET /v1/openapi.json', () => {
  it('serves a valid OpenAPI 3.1 document without a token', async () => {
    const response = await call('GET', '/v1/openapi.json');
    expect(response.status).toBe(200);
    const result = await new Validator().validate(response.body);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(response.body.paths as object)).toEqual(
      expect.arrayContaining(['/v1/webhooks/{source}', '/v1/approvals/{id}/approve']),
    );
  });
});

describe('GET /docs', () => {
  it('serves the reference page under a CSP without inline scripts, and its bundled assets', async () => {
    const page = await fetch(`${base()}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    const html = await page.text();
    expect(html).not.toMatch(/<script>[^<]/);
    const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts).toEqual(['/docs/swagger-ui-bundle.js', '/docs/reference.js']);
    for (const script of scripts) {
      const asset = await fetch(`${base()}${script}`);
      expect(asset.status, script).toBe(200);
      expect(asset.headers.get('content-type'), script).toMatch(/^text\/javascript/);
    }
  });

  it('sends the assets gzipped to a client that accepts it', async () => {
    // node:http, not fetch: fetch would undo the encoding before the test could see it.
    const { headers, body } = await new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      get(`${base()}/docs/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(headers['content-encoding']).toBe('gzip');
    const script = gunzipSync(body).toString('utf8');
    expect(body.byteLength).toBeLessThan(script.length / 2);
    expect(script).toContain('SwaggerUIBundle');
  });

  it('documents every problem type the API answers with, and answers 404 as a problem for anything else', async () => {
    const problems = await fetch(`${base()}/docs/problems`);
    const html = await problems.text();
    for (const slug of [
      'validation',
      'bad-request',
      'unauthorized',
      'forbidden',
      'not-found',
      'conflict',
      'too-many-requests',
      'unavailable',
    ]) {
      expect(html).toContain(`id="${slug}"`);
    }
    const missing = await call('GET', '/docs/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('/docs/problems#not-found');
  });
});
