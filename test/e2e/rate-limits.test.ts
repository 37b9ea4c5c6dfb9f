import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { eventually } from '../support/eventually.ts';

describe('per-tenant rate limits', () => {
  it("answers 429 with Retry-After past the tenant's webhook limit, records it in the audit log, and leaves other tenants alone", async () => {
    const tenant = `e2e-rate-${Date.now().toString(36)}`;
    const admin = await tokenFor(tenant, ['admin', 'auditor']);
    const put = await call('PUT', `/v1/tenants/${tenant}/config`, {
      token: admin,
      json: { limits: { webhookRequestsPerMinute: 2 } },
      headers: { 'if-match': '"v0"' },
    });
    expect(put.status).toBe(200);

    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await call('POST', '/v1/webhooks/generic', { token: admin, json: { name: `Burst${i}` } });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    // A new minute could start mid-test, hence "at least one".
    expect(statuses[0]).toBe(202);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused?.headers.get('content-type')).toBe('application/problem+json');

    const other = await tokenFor(`${tenant}-other`, ['ingest']);
    expect((await call('POST', '/v1/webhooks/generic', { token: other, json: { name: 'Calm' } })).status).toBe(202);

    const types = await eventually(
      'the ratelimit.exceeded audit entry',
      async () => {
        const page = await call('GET', '/v1/audit?type=ratelimit.exceeded', { token: admin });
        const found = (page.body.items as { type: string }[]).map((e) => e.type);
        return found.includes('ratelimit.exceeded') ? found : undefined;
      },
      { timeout: 20_000, interval: 300 },
    );
    expect(types).toEqual(['ratelimit.exceeded']);
  });
});
