import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { startRecordingWebhook } from '../helpers/recording-webhook.ts';

const tenant = `e2e-cfg-${Date.now().toString(36)}`;
const path = `/v1/tenants/${tenant}/config`;

const config = {
  routing: {
    rules: [
      {
        id: 'payments-db',
        matchers: ['namespace="payments"', 'alertname=~"Postgres.*"'],
        set: { category: 'Databases', team: 'payments-dba' },
      },
    ],
    teams: { Databases: 'dba', Orchestrators: 'platform' },
  },
  policies: { byRisk: { medium: 'auto' }, approvalDeadlineMinutes: 30 },
};

describe('tenant configuration', () => {
  it('is versioned: read the ETag, write with If-Match, a stale write answers 412, every version is kept', async () => {
    const admin = await tokenFor(tenant, ['admin']);
    const initial = await call('GET', path, { token: admin });
    expect(initial.status).toBe(200);
    expect(initial.headers.get('etag')).toBe('"v0"');
    expect(initial.body.config).toMatchObject({ providers: [], routing: { rules: [] } });

    expect((await call('PUT', path, { token: admin, json: config })).status).toBe(428);

    const written = await call('PUT', path, { token: admin, json: config, headers: { 'if-match': '"v0"' } });
    expect(written.status).toBe(200);
    expect(written.headers.get('etag')).toBe('"v1"');

    const stale = await call('PUT', path, { token: admin, json: config, headers: { 'if-match': '"v0"' } });
    expect(stale.status).toBe(412);

    const second = await call('PUT', path, {
      token: admin,
      json: { ...config, llmBudget: { dailyTokens: 5000 } },
      headers: { 'if-match': '"v1"' },
    });
    expect(second.status).toBe(200);

    const read = await call('GET', path, { token: admin });
    expect(read.body).toMatchObject({ version: 2, config: { llmBudget: { dailyTokens: 5000 } } });

    const history = await call('GET', `${path}/history`, { token: admin });
    expect((history.body.items as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
  });

  it('answers 422 naming the fields of an invalid configuration', async () => {
    const admin = await tokenFor(`${tenant}-bad`, ['admin']);
    const bad = { routing: { rules: [{ id: 'r', matchers: ['env=~"(prod"'], set: { action: { name: 'reboot_universe' } } }] } };
    const response = await call('PUT', `/v1/tenants/${tenant}-bad/config`, { token: admin, json: bad, headers: { 'if-match': '"v0"' } });
    expect(response.status).toBe(422);
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toContain('routing.rules.0.matchers.0');
    expect(fields).toContain('routing.rules.0.set.action.name');
  });

  it('answers 422 naming each URL the egress policy refuses, and stores nothing', async () => {
    const target = `${tenant}-egress`;
    const admin = await tokenFor(target, ['admin']);
    const internal = {
      providers: [{ id: 'gw', type: 'openai', model: 'm', baseUrl: 'http://api.example.com/v1', apiKeyRef: 'env:ALERTGATE_OPENAI_KEY' }],
      notifications: { targets: [{ id: 'ops', type: 'webhook', url: 'https://10.1.2.3/hook' }] },
      remediation: {
        executor: 'live',
        webhooks: [{ id: 'meta', url: 'https://169.254.169.254/latest/meta-data/', secretRef: 'env:ALERTGATE_WEBHOOK_X' }],
        alertmanager: { url: 'https://alertmanager.example.com/?x=' },
      },
    };
    const response = await call('PUT', `/v1/tenants/${target}/config`, { token: admin, json: internal, headers: { 'if-match': '"v0"' } });
    expect(response.status).toBe(422);
    const errors = response.body.errors as { field: string; message: string }[];
    expect(errors.map((error) => error.field).sort()).toEqual(['remediation.alertmanager.url']);
    expect(errors[0]?.message).toContain('without a query or fragment');

    const { alertmanager: _, ...reachable } = internal.remediation;
    const second = await call('PUT', `/v1/tenants/${target}/config`, {
      token: admin,
      json: { ...internal, remediation: reachable },
      headers: { 'if-match': '"v0"' },
    });
    expect(second.status).toBe(422);
    expect(second.body.errors).toEqual([
      { field: 'providers.0.baseUrl', message: 'egress refused: plain http is allowed only to loopback, locally' },
      { field: 'notifications.targets.0.url', message: 'egress refused: 10.1.2.3 is a private address' },
      { field: 'remediation.webhooks.0.url', message: 'egress refused: 169.254.169.254 is a linkLocal address' },
    ]);
    expect((await call('GET', `/v1/tenants/${target}/config`, { token: admin })).headers.get('etag')).toBe('"v0"');
  });

  it('never shows a Slack webhook URL again, in the configuration or its history, and keeps it across a round trip', async () => {
    const target = `${tenant}-secret`;
    const admin = await tokenFor(target, ['admin']);
    const secretUrl = 'https://hooks.slack.com/services/T000/B000/SuperSecretPathToken';
    const path = `/v1/tenants/${target}/config`;
    const written = await call('PUT', path, {
      token: admin,
      json: { notifications: { targets: [{ id: 'ops', type: 'slack', url: secretUrl }] } },
      headers: { 'if-match': '"v0"' },
    });
    expect(written.status).toBe(200);
    const read = await call('GET', path, { token: admin });
    expect(JSON.stringify(read.body)).not.toContain('SuperSecretPathToken');
    expect((read.body.config as { notifications: { targets: { url: string }[] } }).notifications.targets[0]?.url).toBe(
      'https://hooks.slack.com/…',
    );
    // The admin edits something else and sends the configuration back as read.
    const config = { ...(read.body.config as object), limits: { apiRequestsPerMinute: 100 } };
    expect((await call('PUT', path, { token: admin, json: config, headers: { 'if-match': '"v1"' } })).status).toBe(200);
    const history = await call('GET', `${path}/history`, { token: admin });
    expect(JSON.stringify(history.body)).not.toContain('SuperSecretPathToken');
    expect((history.body.items as unknown[]).length).toBe(2);
  });

  it('sends a test to a notification target, says how it went, and refuses a non-admin', async () => {
    const tenant = `notify-test-${Date.now().toString(36)}`;
    const admin = await tokenFor(tenant, ['admin'], 'dave');
    const hook = await startRecordingWebhook('/hooks/test');
    try {
      const put = await call('PUT', `/v1/tenants/${tenant}/config`, {
        token: admin,
        json: { notifications: { targets: [{ id: 'on-call', type: 'webhook', url: hook.url, events: ['requested'] }] } },
        headers: { 'if-match': '"v0"' },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const tested = await call('POST', `/v1/tenants/${tenant}/notifications/test`, { token: admin, json: { targetId: 'on-call' } });
      expect(tested.status, JSON.stringify(tested.body)).toBe(200);
      expect(tested.body).toMatchObject({ targetId: 'on-call', type: 'webhook', ok: true, status: 204 });
      expect(hook.received.map((body) => [body.type, body.event])).toEqual([['alertgate.notification', 'test']]);
      const unknown = await call('POST', `/v1/tenants/${tenant}/notifications/test`, { token: admin, json: { targetId: 'nope' } });
      expect(unknown.status).toBe(404);
      const viewer = await call('POST', `/v1/tenants/${tenant}/notifications/test`, {
        token: await tokenFor(tenant, ['viewer']),
        json: { targetId: 'on-call' },
      });
      expect(viewer.status).toBe(403);
      expect(hook.received).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it("answers 404 to another tenant's admin and 403 to a non-admin", async () => {
    const otherAdmin = await tokenFor(`${tenant}-other`, ['admin']);
    expect((await call('GET', path, { token: otherAdmin })).status).toBe(404);
    expect((await call('PUT', path, { token: otherAdmin, json: config, headers: { 'if-match': '"v0"' } })).status).toBe(404);
    const viewer = await tokenFor(tenant, ['viewer', 'approver']);
    expect((await call('GET', path, { token: viewer })).status).toBe(403);
  });
});
