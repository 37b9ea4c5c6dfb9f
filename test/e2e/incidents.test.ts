/**
 * Incidents end to end on the local stack: twenty crash-looping pods of one Deployment, sent in
 * four concurrent notifications, are one incident with one approval to restart it; approving runs
 * it once; the next pods to crash meet the cool-down; the breaker stops a target past its hourly
 * executions; merge, acknowledge and resolve; resolving every alert resolves the incident; and
 * another tenant sees none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { type RecordingWebhook, startRecordingWebhook } from '../helpers/recording-webhook.ts';
import { eventually } from '../support/eventually.ts';

const run = Date.now().toString(36);
type Json = Record<string, unknown>;

function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  return eventually(what, read, { timeout: 60_000, interval: 400 });
}

/** A pod of `deployment` crash-looping, as Alertmanager sends it (its fingerprint left to alertgate). */
function crashLoop(deployment: string, n: number, status: 'firing' | 'resolved' = 'firing', startsAt = '2026-12-01T03:00:00Z') {
  const suffix = String(n).padStart(5, 'x').slice(-5);
  return {
    status,
    labels: {
      alertname: 'KubePodCrashLooping',
      namespace: 'payments',
      cluster: 'prod-eu-1',
      pod: `${deployment}-7d9f8b6c5d-${suffix}`,
      severity: 'warning',
    },
    annotations: { summary: 'Pod is crash looping.' },
    startsAt,
    ...(status === 'resolved' ? { endsAt: '2026-12-01T03:30:00Z' } : {}),
  };
}

function notification(alerts: Json[], status: 'firing' | 'resolved' = 'firing') {
  return { version: '4', groupKey: '{}/{}:{alertname="KubePodCrashLooping"}', status, receiver: 'alertgate', alerts };
}

async function send(tenant: string, body: Json): Promise<string[]> {
  const token = await tokenFor(tenant, ['ingest'], 'alertmanager-prod');
  const posted = await call('POST', '/v1/webhooks/alertmanager', { token, json: body });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  return (posted.body.alerts as { id: string }[]).map((alert) => alert.id);
}

async function configure(tenant: string, config: Json): Promise<void> {
  const admin = await tokenFor(tenant, ['admin']);
  const put = await call('PUT', `/v1/tenants/${tenant}/config`, { token: admin, json: config, headers: { 'if-match': '"v0"' } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}

/** Every alert once triage decided it (and grouped it). */
async function triaged(tenant: string, ids: readonly string[]): Promise<Json[]> {
  const viewer = await tokenFor(tenant, ['viewer']);
  return until(`${ids.length} alerts triaged`, async () => {
    const alerts = await Promise.all(ids.map(async (id) => (await call('GET', `/v1/alerts/${id}`, { token: viewer })).body));
    return alerts.every((alert) => (alert.triage as Json).state === 'decided' && alert.incidentId !== undefined) ? alerts : undefined;
  });
}

async function pendingApprovals(tenant: string): Promise<Json[]> {
  const viewer = await tokenFor(tenant, ['viewer']);
  return (await call('GET', '/v1/approvals?status=pending', { token: viewer })).body.items as Json[];
}

async function remediationOf(tenant: string, alertId: string, statuses: readonly string[]): Promise<Json> {
  const viewer = await tokenFor(tenant, ['viewer']);
  return until(`a remediation of ${alertId} in ${statuses.join('/')}`, async () => {
    const alert = await call('GET', `/v1/alerts/${alertId}`, { token: viewer });
    return (alert.body.remediations as Json[]).find((item) => statuses.includes(String(item.status)));
  });
}

describe('one outage, one incident, one approval, one action', () => {
  const tenant = `e2e-incident-${run}`;
  // A notification target: what the people on call would have been told.
  let webhook: RecordingWebhook;
  let told: Json[] = [];
  let hook = '';
  beforeAll(async () => {
    webhook = await startRecordingWebhook('/hooks/on-call');
    told = webhook.received;
    hook = webhook.url;
  });
  afterAll(() => webhook.close());
  const toldOf = (event: string, incidentId?: unknown) =>
    told.filter((m) => m.event === event && (incidentId === undefined || (m.incident as Json | undefined)?.id === incidentId));

  it('groups twenty crash-looping pods from four concurrent notifications into one incident with one approval', async () => {
    await configure(tenant, { notifications: { targets: [{ id: 'on-call', type: 'webhook', url: hook }] } });
    const batches = [0, 1, 2, 3].map((b) => notification([0, 1, 2, 3, 4].map((i) => crashLoop('checkout-api', b * 5 + i))));
    const ids = (await Promise.all(batches.map((body) => send(tenant, body)))).flat();
    expect(new Set(ids).size).toBe(20);
    const alerts = await triaged(tenant, ids);
    const incidentIds = new Set(alerts.map((alert) => alert.incidentId));
    expect(incidentIds.size).toBe(1);

    const viewer = await tokenFor(tenant, ['viewer']);
    const listed = await call('GET', '/v1/incidents?status=open', { token: viewer });
    expect(listed.body.items).toHaveLength(1);
    const [incident] = listed.body.items as Json[];
    expect(incident).toMatchObject({
      status: 'open',
      severity: 'warning',
      firing: 20,
      title: 'KubePodCrashLooping · payments/checkout-api',
    });
    expect(String(incident?.groupedBy)).toContain('Alertmanager group');
    // Listed by the webhook its alerts came through.
    const bySource = async (source: string) =>
      ((await call('GET', `/v1/incidents?source=${source}`, { token: viewer })).body.items as Json[]).map((item) => item.id);
    expect(await bySource('alertmanager')).toEqual([incident?.id]);
    expect(await bySource('grafana')).toEqual([]);

    // One approval, covering every alert; the other nineteen joined it.
    const approval = await until('one approval covering all twenty alerts', async () => {
      const pending = await pendingApprovals(tenant);
      return pending.length === 1 && pending[0]?.coveredCount === 19 ? pending[0] : undefined;
    });
    expect(approval).toMatchObject({ action: { name: 'restart_workload', params: { namespace: 'payments', name: 'checkout-api' } } });
    expect(approval.targetKey).toBe('restart_workload:payments/deployment/checkout-api');
    const covered = new Set([approval.alertId, ...(approval.covers as Json[]).map((c) => c.alertId)]);
    expect(covered).toEqual(new Set(ids));
    expect(await pendingApprovals(tenant)).toHaveLength(1);

    const detail = await call('GET', `/v1/incidents/${String(incident?.id)}`, { token: viewer });
    expect(detail.status).toBe(200);
    expect(detail.body.approvals).toEqual([approval.id]);
    expect(detail.body.alertRecords).toHaveLength(20);
    const timeline = await until('the incident timeline', async () => {
      const read = await call('GET', `/v1/incidents/${String(incident?.id)}`, { token: viewer });
      const types = (read.body.timeline as Json[]).map((entry) => entry.type);
      return types.filter((type) => type === 'incident.updated').length === 19 ? types : undefined;
    });
    expect(timeline).toContain('incident.opened');
    // People were told once about the incident and once about the approval, not twenty times.
    await until('the approval request told', async () => (toldOf('requested').length > 0 ? true : undefined));
    expect(toldOf('incident-opened', incident?.id)).toHaveLength(1);
    expect(toldOf('incident-opened', incident?.id)[0]).toMatchObject({
      incident: { title: 'KubePodCrashLooping · payments/checkout-api' },
    });
    expect(toldOf('requested')).toHaveLength(1);

    // Approve: the Deployment is restarted once.
    const alice = await tokenFor(tenant, ['approver'], 'alice');
    expect((await call('POST', `/v1/approvals/${String(approval.id)}/approve`, { token: alice })).status).toBe(200);
    const done = await remediationOf(tenant, String(approval.alertId), ['executed', 'failed']);
    expect(done).toMatchObject({ status: 'executed', outcome: { status: 'dry-run' } });
    const auditor = await tokenFor(tenant, ['auditor']);
    const executed = await until('the execution in the audit log', async () => {
      const entries = (await call('GET', '/v1/audit?type=action.executed&limit=100', { token: auditor })).body.items as Json[];
      return entries.length > 0 ? entries : undefined;
    });
    expect(executed).toHaveLength(1);

    // Three more pods crash right after: the target is cooling down, nothing new is asked for.
    const more = await send(tenant, notification([20, 21, 22].map((n) => crashLoop('checkout-api', n))));
    const later = await triaged(tenant, more);
    for (const alert of later) {
      const action = ((alert.triage as Json).decision as Json).action as Json;
      expect(action.suppressed).toMatchObject({ kind: 'cool-down' });
      expect(String((action.suppressed as Json).reason)).toMatch(/^cool-down after the execution at \d\d:\d\d UTC/);
    }
    expect(new Set(later.map((alert) => alert.incidentId))).toEqual(incidentIds);
    await remediationOf(tenant, more[0] ?? '', ['suppressed']);
    expect(await pendingApprovals(tenant)).toHaveLength(0);

    // Acknowledged by a responder; every alert resolving resolves the incident.
    const erin = await tokenFor(tenant, ['responder'], 'erin');
    const acked = await call('POST', `/v1/incidents/${String(incident?.id)}/acknowledge`, { token: erin });
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'erin' });
    const all = Array.from({ length: 23 }, (_, n) => crashLoop('checkout-api', n, 'resolved'));
    for (let i = 0; i < all.length; i += 10) await send(tenant, notification(all.slice(i, i + 10), 'resolved'));
    const closed = await until('the incident resolved', async () => {
      const read = await call('GET', `/v1/incidents/${String(incident?.id)}`, { token: viewer });
      return read.body.status === 'resolved' ? read.body : undefined;
    });
    expect(closed).toMatchObject({ resolvedBy: 'system', firing: 0 });
    await until('the resolution told', async () => (toldOf('incident-resolved', incident?.id).length > 0 ? true : undefined));
    expect(toldOf('incident-acknowledged', incident?.id)).toHaveLength(1);
    expect(toldOf('incident-resolved', incident?.id)).toHaveLength(1);
    expect(toldOf('incident-opened')).toHaveLength(1);

    // Another tenant sees none of it.
    const other = await tokenFor(`${tenant}-other`, ['viewer']);
    expect((await call('GET', `/v1/incidents/${String(incident?.id)}`, { token: other })).status).toBe(404);
    expect((await call('GET', '/v1/incidents', { token: other })).body.items).toEqual([]);
    expect(
      (await call('POST', `/v1/incidents/${String(incident?.id)}/acknowledge`, { token: await tokenFor(`${tenant}-other`, ['responder']) }))
        .status,
    ).toBe(404);
  }, 240_000);

  it('opens one approval for twenty alerts arriving at once in twenty separate requests', async () => {
    const racing = `${tenant}-race`;
    const ids = (await Promise.all(Array.from({ length: 20 }, (_, n) => send(racing, notification([crashLoop('cart-api', n)]))))).flat();
    await triaged(racing, ids);
    const approval = await until('one approval covering all twenty', async () => {
      const pending = await pendingApprovals(racing);
      return pending.length === 1 && pending[0]?.coveredCount === 19 ? pending[0] : undefined;
    });
    expect(approval.targetKey).toBe('restart_workload:payments/deployment/cart-api');
    expect(await pendingApprovals(racing)).toHaveLength(1);
    // A person asking for the same action on the same target is sent to the pending approval.
    const sam = await tokenFor(racing, ['responder'], 'sam');
    const again = await call('POST', `/v1/alerts/${ids[3]}/actions`, {
      token: sam,
      json: { action: 'restart_workload', params: { namespace: 'payments', name: 'cart-api' } },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(String(again.body.detail)).toContain(`approval ${String(approval.id)} is pending`);
  }, 120_000);

  it('stops a target past its executions an hour (breaker), and the decision says so', async () => {
    const tripping = `${tenant}-breaker`;
    await configure(tripping, {
      policies: { targets: { cooldownMinutes: 0, maxExecutionsPerHour: 1 } },
      notifications: { targets: [{ id: 'on-call', type: 'webhook', url: hook }] },
    });
    const [first] = await send(tripping, notification([crashLoop('pay-api', 1)]));
    const approval = await until('the first approval', async () => (await pendingApprovals(tripping))[0]);
    const alice = await tokenFor(tripping, ['approver'], 'alice');
    expect((await call('POST', `/v1/approvals/${String(approval.id)}/approve`, { token: alice })).status).toBe(200);
    await remediationOf(tripping, first ?? '', ['executed']);
    const [second] = await send(tripping, notification([crashLoop('pay-api', 2)]));
    const [alert] = await triaged(tripping, [second ?? '']);
    const action = (((alert ?? {}).triage as Json).decision as Json).action as Json;
    expect(action.suppressed).toMatchObject({ kind: 'breaker' });
    expect(String((action.suppressed as Json).reason)).toContain('1 executions on this target in the last hour (at most 1)');
    const escalated = await until('the escalation told', async () => {
      const found = told.filter((m) => m.event === 'incident-escalated' && m.tenant === tripping);
      return found.length > 0 ? found : undefined;
    });
    expect(escalated[0]).toMatchObject({ action: { name: 'restart_workload' } });
    expect(String(escalated[0]?.reason)).toContain('breaker open');
  });

  it('merges incidents, and a responder resolves by hand; a viewer may do neither', async () => {
    const merging = `${tenant}-merge`;
    const [a] = await send(merging, { ...notification([crashLoop('web', 1)]), groupKey: '{}:{alertname="A"}' });
    const [b] = await send(merging, { ...notification([crashLoop('api', 1)]), groupKey: '{}:{alertname="B"}' });
    const [alertA, alertB] = await triaged(merging, [a ?? '', b ?? '']);
    expect(alertA?.incidentId).not.toBe(alertB?.incidentId);
    const viewer = await tokenFor(merging, ['viewer']);
    expect(
      (await call('POST', `/v1/incidents/${String(alertA?.incidentId)}/merge`, { token: viewer, json: { from: [alertB?.incidentId] } }))
        .status,
    ).toBe(403);
    const erin = await tokenFor(merging, ['responder'], 'erin');
    expect(
      (await call('POST', `/v1/incidents/${String(alertA?.incidentId)}/merge`, { token: erin, json: { from: ['in-nothing'] } })).status,
    ).toBe(404);
    expect((await call('POST', `/v1/incidents/${String(alertA?.incidentId)}/merge`, { token: erin, json: {} })).status).toBe(422);
    const mergedInto = await call('POST', `/v1/incidents/${String(alertA?.incidentId)}/merge`, {
      token: erin,
      json: { from: [alertB?.incidentId] },
    });
    expect(mergedInto.status, JSON.stringify(mergedInto.body)).toBe(200);
    expect(mergedInto.body).toMatchObject({ firing: 2, mergedFrom: [alertB?.incidentId] });
    const source = await call('GET', `/v1/incidents/${String(alertB?.incidentId)}`, { token: viewer });
    expect(source.body).toMatchObject({ status: 'merged', mergedInto: alertA?.incidentId });
    // The moved alert names the incident it now belongs to.
    expect((await call('GET', `/v1/alerts/${String(b)}`, { token: viewer })).body.incidentId).toBe(alertA?.incidentId);
    const resolved = await call('POST', `/v1/incidents/${String(alertA?.incidentId)}/resolve`, { token: erin });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'erin' });
    expect((await call('POST', `/v1/incidents/${String(alertA?.incidentId)}/acknowledge`, { token: erin })).status).toBe(409);
    const auditor = await tokenFor(merging, ['auditor']);
    await until('the merge and the resolution in the audit log', async () => {
      const types = ((await call('GET', '/v1/audit?limit=100', { token: auditor })).body.items as Json[]).map((entry) => entry.type);
      return types.includes('incident.merged') && types.includes('incident.resolved') ? types : undefined;
    });
  });
});
