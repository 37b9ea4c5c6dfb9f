import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';

const tenant = `e2e-list-${Date.now().toString(36)}`;

describe('GET /v1/alerts', () => {
  it('pages through every alert with an opaque cursor, newest first', async () => {
    const token = await tokenFor(tenant, ['ingest', 'viewer']);
    const alerts = Array.from({ length: 5 }, (_, i) => ({ name: `Paged${i}`, severity: 'warning' }));
    expect((await call('POST', '/v1/webhooks/generic', { token, json: { alerts } })).status).toBe(202);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const query: string = cursor === undefined ? '?limit=2' : `?limit=2&cursor=${encodeURIComponent(cursor)}`;
      const page = await call('GET', `/v1/alerts${query}`, { token });
      expect(page.status).toBe(200);
      const items = page.body.items as { name: string }[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((a) => a.name));
      cursor = typeof page.body.cursor === 'string' ? page.body.cursor : undefined;
    } while (cursor !== undefined);
    expect(seen.sort()).toEqual(alerts.map((a) => a.name).sort());
  });

  it('filters by severity and status', async () => {
    const token = await tokenFor(`${tenant}-f`, ['ingest', 'viewer']);
    await call('POST', '/v1/webhooks/generic', {
      token,
      json: {
        alerts: [
          { name: 'Hot', severity: 'critical' },
          { name: 'Mild', severity: 'info' },
          { name: 'Gone', status: 'resolved' },
        ],
      },
    });
    const critical = await call('GET', '/v1/alerts?severity=critical', { token });
    expect((critical.body.items as { name: string }[]).map((a) => a.name)).toEqual(['Hot']);
    const resolved = await call('GET', '/v1/alerts?status=resolved', { token });
    expect((resolved.body.items as { name: string }[]).map((a) => a.name)).toEqual(['Gone']);
  });

  it.each([
    ['limit=101', /limit/],
    ['limit=0', /limit/],
    ['since=yesterday', /since/],
    ['status=burning', /status/],
    ['cursor=forged', /cursor/],
  ])('answers 400 for %s, saying which parameter is wrong', async (query, reason) => {
    const token = await tokenFor(tenant, ['viewer']);
    const response = await call('GET', `/v1/alerts?${query}`, { token });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(String(response.body.detail)).toMatch(reason);
  });

  it('answers 404 for an id that does not exist', async () => {
    const token = await tokenFor(tenant, ['viewer']);
    expect((await call('GET', '/v1/alerts/0123456789abcdef0123456789abcdef', { token })).status).toBe(404);
  });
});
