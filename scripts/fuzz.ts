/**
 * Long fuzz runs against a running stack (`npm start` in another terminal):
 *   npm run fuzz -- [--count 5000] [--seed 1] [--url http://127.0.0.1:3000]
 * Prints the statuses and every failure; exits 1 when any answer broke the rules.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES } from '../shared/domain/roles.ts';
import { fuzz, type OpenApiDocument, summary } from '../test/helpers/hostile-requests.ts';
import { ensureDevKeys, mintDevToken } from './local/dev-keys.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
  },
});
const baseUrl = values.url ?? 'http://127.0.0.1:3000';
const seed = Number(values.seed);
const keys = await ensureDevKeys(join(import.meta.dirname, '..', '.local', 'auth'));
const tokens = new Map<string, Promise<string>>();
const token = (tenant: string, roles: 'allRoles' | 'viewerOnly') => {
  const key = `${tenant}:${roles}`;
  if (!tokens.has(key)) {
    tokens.set(key, mintDevToken(keys, { tenant, roles: roles === 'allRoles' ? [...ROLES] : ['viewer'], subject: `${tenant}-fuzzer` }));
  }
  return tokens.get(key) as Promise<string>;
};

const document = (await (await fetch(`${baseUrl}/v1/openapi.json`)).json()) as OpenApiDocument;
const started = performance.now();
const tally = await fuzz({ baseUrl, token }, document, { seed, count: Number(values.count) });
const seconds = (performance.now() - started) / 1000;
const health = await fetch(`${baseUrl}/v1/health`);
console.log(`seed ${seed}: ${summary(tally)}; ${(tally.sent / seconds).toFixed(0)} requests/s; health afterwards ${health.status}`);
for (const failure of tally.failures) console.log(`  ${failure}`);
process.exitCode = tally.failures.length > 0 || health.status !== 200 ? 1 : 0;
