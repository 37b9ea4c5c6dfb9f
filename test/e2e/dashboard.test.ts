/**
 * The dashboard's figures end to end: alerts sent to the webhook, triaged, grouped, acknowledged,
 * resolved and approved on the local stack show up in GET /v1/stats/dashboard, counted by the
 * audit writer from the chain, for their tenant only.
 */
import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { eventually } from '../support/eventually.ts';

const run = Date.now().toString(36);
type Json = Record<string, unknown>;

function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  return eventually(what, read, { timeout: 60_000, interval: 500 });
}

async function ingest(tenant: string, name: string, severity: string, service: string): Promise<string> {
  const token = await tokenFor(tenant, ['ingest']);
  const posted = await call('POST', '/v1/webhooks/generic', {
    token,
    json: { name, severity, labels: { service, pod: `${service}-${run}` } },
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  return (posted.body.alerts as { id: string }[])[0]?.id ?? '';
}

async function dashboard(tenant: string, query = ''): Promise<Json> {
  const viewer = await tokenFor(tenant, ['viewer']);
  const answer = await call('GET', `/v1/stats/dashboard${query}`, { token: viewer });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

describe('the dashboard, from the audit chain', () => {
  const tenant = `e2e-dash-${run}`;

  it('counts alerts, incidents, MTTA, MTTR, approval latency and deciders from what happened', async () => {
    const viewer = await tokenFor(tenant, ['viewer']);
    const ids = [
      await ingest(tenant, 'DiskFull', 'critical', 'orders-db'),
      await ingest(tenant, 'DiskFull', 'critical', 'billing-db'),
      await ingest(tenant, 'HighLatency', 'warning', 'checkout'),
    ];
    const alerts = await until('three alerts triaged and grouped', async () => {
      const read = await Promise.all(ids.map(async (id) => (await call('GET', `/v1/alerts/${id}`, { token: viewer })).body));
      return read.every((alert) => (alert.triage as Json).state === 'decided' && alert.incidentId !== undefined) ? read : undefined;
    });

    const erin = await tokenFor(tenant, ['responder'], 'erin');
    const incident = String(alerts[2]?.incidentId);
    expect((await call('POST', `/v1/incidents/${incident}/acknowledge`, { token: erin })).status).toBe(200);
    expect((await call('POST', `/v1/incidents/${incident}/resolve`, { token: erin })).status).toBe(200);

    const sam = await tokenFor(tenant, ['responder'], 'sam');
    const requested = await call('POST', `/v1/alerts/${ids[0]}/actions`, {
      token: sam,
      json: { action: 'scale_workload', params: { namespace: 'orders', name: 'db-proxy', replicas: 3 } },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    const approvalId = String(requested.body.approvalId);
    const alice = await tokenFor(tenant, ['approver'], 'alice');
    await until('the approval written', async () =>
      (await call('GET', `/v1/approvals/${approvalId}`, { token: viewer })).status === 200 ? true : undefined,
    );
    expect((await call('POST', `/v1/approvals/${approvalId}/approve`, { token: alice })).status).toBe(200);

    const figures = await until('the figures counted', async () => {
      const body = await dashboard(tenant);
      const approvals = body.approvals as { byOutcome: Json };
      const incidents = body.incidents as Json;
      return approvals.byOutcome.approved === 1 && incidents.resolved === 1 ? body : undefined;
    });
    expect(figures.granularity).toBe('hour');
    expect(figures.alerts).toMatchObject({
      received: 3,
      triaged: 3,
      bySeverity: { critical: 2, warning: 1 },
      bySource: { generic: 3 },
      noisiestNames: [
        { name: 'DiskFull', count: 2 },
        { name: 'HighLatency', count: 1 },
      ],
    });
    expect(figures.incidents).toMatchObject({ acknowledged: 1, resolved: 1 });
    const incidents = figures.incidents as { opened: number; mttaSeconds: number | null; mttrSeconds: number | null };
    expect(incidents.opened).toBeGreaterThanOrEqual(2);
    expect(incidents.mttaSeconds).not.toBeNull();
    expect(incidents.mttrSeconds).toBeGreaterThanOrEqual(incidents.mttaSeconds ?? 0);
    expect((figures.approvals as { latency: Json }).latency).toMatchObject({ answered: 1 });
    const deciders = figures.deciders as { kind: string; count: number; share: number }[];
    expect(deciders.reduce((sum, decider) => sum + decider.count, 0)).toBe(3);
    expect(deciders.reduce((sum, decider) => sum + decider.share, 0)).toBeCloseTo(1);
    const series = figures.series as { alertsBySeverity: Json }[];
    expect(series.at(-1)?.alertsBySeverity).toMatchObject({ critical: 2, warning: 1 });
  }, 180_000);

  it("shows another tenant none of it, refuses a sender's key, and explains a bad range", async () => {
    const other = await dashboard(`${tenant}-other`);
    expect(other.alerts).toMatchObject({ received: 0, noisiestNames: [] });
    const sender = await tokenFor(tenant, ['ingest']);
    expect((await call('GET', '/v1/stats/dashboard', { token: sender })).status).toBe(403);
    const viewer = await tokenFor(tenant, ['viewer']);
    const backwards = await call('GET', '/v1/stats/dashboard?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', { token: viewer });
    expect(backwards.status).toBe(400);
    expect(String(backwards.body.detail)).toContain('before');
    const notATime = await call('GET', '/v1/stats/dashboard?from=yesterday', { token: viewer });
    expect(notATime.status).toBe(400);
  });
});
