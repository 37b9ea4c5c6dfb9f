import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { sampleEvent } from '../helpers/events.ts';

const tenant = `e2e-${Date.now().toString(36)}`;

describe('POST /v1/webhooks/{source} through serverless offline', () => {
  it('accepts an Alertmanager notification and shows the alerts through the API', async () => {
    const token = await tokenFor(tenant, ['ingest', 'viewer']);
    const body = sampleEvent('alertmanager', 'firing-multiple');
    const posted = await call('POST', '/v1/webhooks/alertmanager', { token, json: body });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ received: 3, created: 3, duplicate: 0 });

    const alerts = posted.body.alerts as { id: string; fingerprint: string; outcome: string }[];
    const got = await call('GET', `/v1/alerts/${alerts[0]?.id}`, { token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: alerts[0]?.id, status: 'firing', source: 'alertmanager', revision: 1 });
    // Queued for triage, or already triaged by the local SQS event source.
    expect(['queued', 'decided']).toContain((got.body.triage as { state: string }).state);

    const list = await call('GET', '/v1/alerts?source=alertmanager&status=firing&limit=100', { token });
    expect((list.body.items as { id: string }[]).map((a) => a.id).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('deduplicates a repeated notification', async () => {
    const token = await tokenFor(tenant, ['ingest']);
    const body = sampleEvent('alertmanager', 'firing-single');
    await call('POST', '/v1/webhooks/alertmanager', { token, json: body });
    const again = await call('POST', '/v1/webhooks/alertmanager', { token, json: body });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
  });

  it('answers a PagerDuty event the way PagerDuty does', async () => {
    const token = await tokenFor(tenant, ['ingest']);
    const event = sampleEvent('pagerduty', 'trigger');
    const response = await call('POST', '/v1/webhooks/pagerduty', { token, json: event });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'success', message: 'Event processed', dedup_key: event.dedup_key });
  });

  it('accepts Grafana and generic alerts', async () => {
    const token = await tokenFor(tenant, ['ingest']);
    expect((await call('POST', '/v1/webhooks/grafana', { token, json: sampleEvent('grafana', 'firing') })).status).toBe(202);
    expect((await call('POST', '/v1/webhooks/generic', { token, json: sampleEvent('generic', 'batch') })).status).toBe(202);
  });
});

describe('bad requests get problem+json with the reason', () => {
  const post = async (options: Parameters<typeof call>[2], source = 'alertmanager') =>
    call('POST', `/v1/webhooks/${source}`, { token: await tokenFor(tenant, ['ingest']), ...options });

  it('answers 400 for invalid JSON', async () => {
    const response = await post({ body: '{"alerts": [' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.detail).toMatch(/not valid JSON/);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await post({ body: 'alerts=1', contentType: 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const response = await post({ json: { pad: 'x'.repeat(1024 * 1024 + 10), alerts: [] } });
    expect(response.status).toBe(413);
  });

  it('answers 413 for more than 1,000 alerts', async () => {
    const one = (sampleEvent('alertmanager', 'firing-single').alerts as unknown[])[0];
    const response = await post({ json: { version: '4', alerts: Array.from({ length: 1001 }, () => one) } });
    expect(response.status).toBe(413);
  });

  it('answers 422 naming the fields that are wrong', async () => {
    const body = sampleEvent('alertmanager', 'firing-single');
    ((body.alerts as Record<string, unknown>[])[0] ?? {}).startsAt = 'yesterday';
    const response = await post({ json: body });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'alerts.0.startsAt', message: 'must be an RFC 3339 date-time' }]);
  });

  it('answers 404 for an unknown source', async () => {
    expect((await post({ json: {} }, 'nagios')).status).toBe(404);
  });
});

describe('authentication and roles', () => {
  it('answers 401 with a challenge when no token is sent', async () => {
    const response = await call('GET', '/v1/alerts');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="alertgate"');
  });

  it('answers 401 with invalid_token for a forged token', async () => {
    const token = await tokenFor(tenant, ['viewer']);
    const [header, payload] = token.split('.');
    const response = await call('GET', '/v1/alerts', { token: `${header}.${payload}.AAAA` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('answers 403 when the role is missing', async () => {
    const token = await tokenFor(tenant, ['viewer']);
    const response = await call('POST', '/v1/webhooks/generic', { token, json: { name: 'X' } });
    expect(response.status).toBe(403);
    expect(response.body.detail).toMatch(/ingest/);
  });

  it("answers 404 for another tenant's alert, and lists none of it", async () => {
    const owner = await tokenFor(`${tenant}-a`, ['ingest', 'viewer']);
    const posted = await call('POST', '/v1/webhooks/generic', { token: owner, json: { name: 'Private', labels: { team: 'a' } } });
    const id = (posted.body.alerts as { id: string }[])[0]?.id;
    const intruder = await tokenFor(`${tenant}-b`, ['admin']);
    expect((await call('GET', `/v1/alerts/${id}`, { token: intruder })).status).toBe(404);
    expect((await call('GET', '/v1/alerts', { token: intruder })).body.items).toEqual([]);
    expect((await call('GET', `/v1/alerts/${id}`, { token: owner })).status).toBe(200);
  });

  it('needs no token for the health check', async () => {
    expect((await call('GET', '/v1/health')).status).toBe(200);
  });
});

describe('integration keys', () => {
  it('lets an admin create a key that ingests for its tenant until revoked', async () => {
    const keyTenant = `${tenant}-keys`;
    const admin = await tokenFor(keyTenant, ['admin']);
    const created = await call('POST', '/v1/integration-keys', {
      token: admin,
      json: { name: 'pagerduty-prod', sources: ['pagerduty', 'generic'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sources: ['pagerduty', 'generic'] });
    const key = String(created.body.key);
    expect(key).toMatch(/^agk_/);

    const listed = await call('GET', '/v1/integration-keys', { token: admin });
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(-20));

    const event = { ...sampleEvent('pagerduty', 'trigger'), routing_key: key };
    const viaBody = await call('POST', '/v1/webhooks/pagerduty', { json: event });
    expect(viaBody.status).toBe(202);
    const viaHeader = await call('POST', '/v1/webhooks/generic', { token: key, json: { name: 'FromKey' } });
    expect(viaHeader.status).toBe(202);
    const id = (viaHeader.body.alerts as { id: string }[])[0]?.id;
    expect((await call('GET', `/v1/alerts/${id}`, { token: admin })).status).toBe(200);

    expect((await call('GET', '/v1/alerts', { token: key })).status).toBe(401);
    // Scoped: the PagerDuty key cannot post as Alertmanager.
    const elsewhere = await call('POST', '/v1/webhooks/alertmanager', { token: key, json: sampleEvent('alertmanager', 'firing-single') });
    expect(elsewhere.status).toBe(403);
    const used = (await call('GET', '/v1/integration-keys', { token: admin })).body.items as { id: string; lastUsedAt?: string }[];
    expect(used.find((item) => item.id === created.body.id)?.lastUsedAt).toEqual(expect.any(String));

    const otherAdmin = await tokenFor(`${keyTenant}-other`, ['admin']);
    expect((await call('DELETE', `/v1/integration-keys/${created.body.id}`, { token: otherAdmin })).status).toBe(404);
    expect((await call('DELETE', `/v1/integration-keys/${created.body.id}`, { token: admin })).status).toBe(204);
    expect((await call('POST', '/v1/webhooks/pagerduty', { json: event })).status).toBe(401);
  });

  it('refuses a key without sources, or with an expiry in the past, naming the field', async () => {
    const admin = await tokenFor(`${tenant}-keys-bad`, ['admin']);
    const unscoped = await call('POST', '/v1/integration-keys', { token: admin, json: { name: 'x' } });
    expect(unscoped.status).toBe(422);
    expect((unscoped.body.errors as { field: string }[]).map((error) => error.field)).toContain('sources');
    const past = await call('POST', '/v1/integration-keys', {
      token: admin,
      json: { name: 'x', sources: ['generic'], expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
    expect((past.body.errors as { field: string }[]).map((error) => error.field)).toEqual(['expiresAt']);
  });

  it('refuses key management to non-admins', async () => {
    const responder = await tokenFor(tenant, ['responder']);
    expect((await call('POST', '/v1/integration-keys', { token: responder, json: { name: 'x', sources: ['generic'] } })).status).toBe(403);
  });
});
