import { describe, expect, inject, it } from 'vitest';
import { ROLES } from '../../shared/domain/roles.ts';
import { tokenFor } from '../helpers/api.ts';
import { assertFitsContract } from '../helpers/contract.ts';
import { type FuzzTarget, fuzz, type HostileRequest, type OpenApiDocument, type Sent, summary } from '../helpers/hostile-requests.ts';

const tokens = new Map<string, Promise<string>>();
const target = (): FuzzTarget => ({
  baseUrl: inject('alertgate').baseUrl,
  token: (tenant, roles) => {
    const key = `${tenant}:${roles}`;
    if (!tokens.has(key)) tokens.set(key, tokenFor(tenant, roles === 'allRoles' ? [...ROLES] : ['viewer']));
    return tokens.get(key) as Promise<string>;
  },
});

/** Each answer also fits what its route declares: a declared status, with a body its schema allows. */
function fitsDeclaration(request: HostileRequest, sent: Sent): void {
  const path = new URL(request.path, 'http://x').pathname;
  const body = sent.text === '' || !/^application\/(problem\+)?json/.test(sent.contentType ?? '') ? undefined : JSON.parse(sent.text);
  assertFitsContract(request.method, path, sent.status, sent.contentType, body);
}

describe('hostile requests to every operation of the OpenAPI document', () => {
  it('never answer 5xx (but 503), answer 4xx as problem+json as declared, and leave the service healthy', async () => {
    const document = (await (await fetch(`${inject('alertgate').baseUrl}/v1/openapi.json`)).json()) as OpenApiDocument;
    // A fixed seed and a bounded count: `npm run fuzz` runs longer.
    const tally = await fuzz(target(), document, { seed: 20261201, count: 600, check: fitsDeclaration });
    console.log(`fuzz: ${summary(tally)}`);
    expect(tally.failures).toEqual([]);
    expect(tally.sent).toBe(600);
    expect(tally.statuses.get(422) ?? 0).toBeGreaterThan(0);
    const health = await fetch(`${inject('alertgate').baseUrl}/v1/health`);
    expect(health.status).toBe(200);
  }, 300_000);
});
