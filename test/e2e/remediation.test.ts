/**
 * Remediation end to end on the local stack: webhook → triage → a pending approval → approve or
 * reject over HTTP → the action runs (dry-run, or a real Alertmanager silence) → the outcome on the
 * alert, the approval and the audit log. Expiry, cancellation on resolve, and the refusals too.
 */

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { sampleEvent } from '../helpers/events.ts';
import { pastDeadline } from '../helpers/past-deadline.ts';
import { type RealAlertmanager, startRealAlertmanager } from '../helpers/real-alertmanager.ts';
import { type RecordingWebhook, startRecordingWebhook } from '../helpers/recording-webhook.ts';
import { eventually } from '../support/eventually.ts';

const run = Date.now().toString(36);

type Json = Record<string, unknown>;

function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  return eventually(what, read, { timeout: 40_000, interval: 300 });
}

async function configure(tenant: string, config: Json): Promise<void> {
  const admin = await tokenFor(tenant, ['admin']);
  const put = await call('PUT', `/v1/tenants/${tenant}/config`, { token: admin, json: config, headers: { 'if-match': '"v0"' } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}

async function ingest(tenant: string, source: 'alertmanager' | 'generic', body: unknown): Promise<string> {
  const token = await tokenFor(tenant, ['ingest']);
  const posted = await call('POST', `/v1/webhooks/${source}`, { token, json: body });
  expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);
  return (posted.body.alerts as { id: string }[])[0]?.id ?? '';
}

/** The pending approval triage asked for on this alert. */
async function pendingApprovalOf(tenant: string, alertId: string): Promise<Json> {
  const viewer = await tokenFor(tenant, ['viewer']);
  return until(`a pending approval for ${alertId}`, async () => {
    const listed = await call('GET', '/v1/approvals?status=pending', { token: viewer });
    return (listed.body.items as Json[]).find((item) => item.alertId === alertId);
  });
}

/** The alert's remediation once it reached one of `statuses`. */
async function remediationOf(tenant: string, alertId: string, statuses: readonly string[]): Promise<Json> {
  const viewer = await tokenFor(tenant, ['viewer']);
  return until(`a remediation of ${alertId} in ${statuses.join('/')}`, async () => {
    const alert = await call('GET', `/v1/alerts/${alertId}`, { token: viewer });
    return (alert.body.remediations as Json[]).find((item) => statuses.includes(String(item.status)));
  });
}

/** A vote; without `json` the request has no body (an approval needs none). */
async function vote(tenant: string, subject: string, id: unknown, kind: 'approve' | 'reject', json?: Json) {
  const token = await tokenFor(tenant, ['approver'], subject);
  return call('POST', `/v1/approvals/${String(id)}/${kind}`, json === undefined ? { token } : { token, json });
}

async function auditTypes(tenant: string): Promise<string[]> {
  const auditor = await tokenFor(tenant, ['auditor']);
  const listed = await call('GET', '/v1/audit?limit=100', { token: auditor });
  return (listed.body.items as Json[]).map((entry) => String(entry.type));
}

describe('an approval, end to end', () => {
  const tenant = `e2e-remed-${run}`;
  let hook: RecordingWebhook;
  let received: Json[] = [];
  let targetUrl = '';
  beforeAll(async () => {
    hook = await startRecordingWebhook();
    received = hook.received;
    targetUrl = hook.url;
  });
  afterAll(() => hook.close());

  it('runs the dry-run action once approved and shows the outcome on the alert, the approval and the audit log', async () => {
    await configure(tenant, { notifications: { targets: [{ id: 'ops-hook', type: 'webhook', url: targetUrl }] } });
    const alertId = await ingest(tenant, 'alertmanager', sampleEvent('alertmanager', 'firing-single'));
    const pending = await pendingApprovalOf(tenant, alertId);
    expect(pending).toMatchObject({ status: 'pending', requiredApprovals: 1, action: { name: 'restart_workload' }, risk: 'medium' });
    expect(pending).not.toHaveProperty('taskToken');

    const viewer = await tokenFor(tenant, ['viewer']);
    const read = await call('GET', `/v1/approvals/${String(pending.id)}`, { token: viewer });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toMatch(/taskToken|token/i);

    const approved = await vote(tenant, 'alice', pending.id, 'approve', { comment: 'checked the dashboards' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', votes: [{ by: 'alice', vote: 'approve', note: 'checked the dashboards' }] });

    const remediation = await remediationOf(tenant, alertId, ['executed', 'failed']);
    expect(remediation).toMatchObject({ status: 'executed', approvalId: pending.id, outcome: { status: 'dry-run', executor: 'dry-run' } });
    const after = await call('GET', `/v1/approvals/${String(pending.id)}`, { token: viewer });
    expect(after.body).toMatchObject({ status: 'approved', outcome: { status: 'dry-run' } });

    const types = await until('the audit entries', async () => {
      const found = await auditTypes(tenant);
      return found.includes('action.executed') ? found : undefined;
    });
    expect(types).toEqual(
      expect.arrayContaining(['workflow.started', 'approval.requested', 'approval.voted', 'approval.approved', 'action.executed']),
    );
    const verified = await call('GET', '/v1/audit/verify', { token: await tokenFor(tenant, ['auditor']) });
    expect(verified.body).toMatchObject({ valid: true });
  });

  it('ends without running anything when rejected, and refuses later votes with 409', async () => {
    const rejecting = `${tenant}-reject`;
    const alertId = await ingest(rejecting, 'alertmanager', sampleEvent('alertmanager', 'firing-single'));
    const pending = await pendingApprovalOf(rejecting, alertId);

    expect((await vote(rejecting, 'carol', pending.id, 'reject', {})).status).toBe(422);
    const rejected = await vote(rejecting, 'carol', pending.id, 'reject', { reason: 'freeze until Monday' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');

    const remediation = await remediationOf(rejecting, alertId, ['rejected']);
    expect(remediation.outcome).toBeUndefined();
    expect(String(remediation.reason)).toContain('freeze until Monday');
    expect((await vote(rejecting, 'dave', pending.id, 'approve')).status).toBe(409);
  });

  it('refuses a viewer (403), another tenant (404) and an unknown approval (404)', async () => {
    const alertId = await ingest(`${tenant}-roles`, 'alertmanager', sampleEvent('alertmanager', 'firing-single'));
    const pending = await pendingApprovalOf(`${tenant}-roles`, alertId);
    const viewer = await tokenFor(`${tenant}-roles`, ['viewer']);
    expect((await call('POST', `/v1/approvals/${String(pending.id)}/approve`, { token: viewer, json: {} })).status).toBe(403);
    expect((await vote(`${tenant}-other`, 'mallory', pending.id, 'approve')).status).toBe(404);
    const other = await tokenFor(`${tenant}-other`, ['viewer']);
    expect((await call('GET', `/v1/approvals/${String(pending.id)}`, { token: other })).status).toBe(404);
    expect((await vote(`${tenant}-roles`, 'alice', 'ap-nothing-here', 'approve')).status).toBe(404);
  });
});

describe("triage's proposal", () => {
  const tenant = `e2e-sender-${run}`;

  it('names the sender of the alert as its requester, who cannot approve it (four eyes)', async () => {
    // mallory may both send alerts and approve: she crafts an alert the playbook answers with a restart.
    const mallory = await tokenFor(tenant, ['ingest', 'approver'], 'mallory');
    const posted = await call('POST', '/v1/webhooks/alertmanager', { token: mallory, json: sampleEvent('alertmanager', 'firing-single') });
    expect(posted.status).toBe(202);
    const alertId = (posted.body.alerts as { id: string }[])[0]?.id ?? '';
    const pending = await pendingApprovalOf(tenant, alertId);
    expect(pending).toMatchObject({ source: 'triage', requestedBy: 'mallory', action: { name: 'restart_workload' } });

    const own = await vote(tenant, 'mallory', pending.id, 'approve');
    expect(own.status).toBe(403);
    expect(own.body.detail).toBe('The sender of the alert that led to this proposal cannot approve it');
    expect((await vote(tenant, 'alice', pending.id, 'approve')).status).toBe(200);
    // The refusal is in the audit log, naming who and why.
    await until('the refusal in the audit log', async () => {
      const auditor = await tokenFor(tenant, ['auditor']);
      const entries = (await call('GET', '/v1/audit?limit=100', { token: auditor })).body.items as Json[];
      return entries.find((entry) => entry.type === 'auth.denied' && entry.actor === 'mallory');
    });
  });
});

describe('a manual request', () => {
  const tenant = `e2e-manual-${run}`;

  it('records its requester, who cannot approve it; another approver can', async () => {
    const alertId = await ingest(tenant, 'generic', { name: 'QueueBacklog', severity: 'warning', labels: { service: 'orders' } });
    const sam = await tokenFor(tenant, ['responder', 'approver'], 'sam');
    const requested = await call('POST', `/v1/alerts/${alertId}/actions`, {
      token: sam,
      json: { action: 'scale_workload', params: { namespace: 'orders', name: 'worker', replicas: 6 } },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    expect(requested.body).toMatchObject({ mode: 'approval', risk: 'medium' });
    // The workflow writes the approval a moment after the 202.
    await pendingApprovalOf(tenant, alertId);

    expect((await vote(tenant, 'sam', requested.body.approvalId, 'approve')).status).toBe(403);
    expect((await vote(tenant, 'alice', requested.body.approvalId, 'approve')).status).toBe(200);
    const remediation = await remediationOf(tenant, alertId, ['executed']);
    expect(remediation).toMatchObject({ source: 'manual', requestedBy: 'sam', action: { name: 'scale_workload' } });
  });

  it('answers 422 for params the action does not take and 403 for a viewer', async () => {
    const alertId = await ingest(tenant, 'generic', { name: 'Other', severity: 'info' });
    const sam = await tokenFor(tenant, ['responder'], 'sam');
    const bad = await call('POST', `/v1/alerts/${alertId}/actions`, {
      token: sam,
      json: { action: 'scale_workload', params: { replicas: 'many' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const viewer = await tokenFor(tenant, ['viewer']);
    expect((await call('POST', `/v1/alerts/${alertId}/actions`, { token: viewer, json: { action: 'notify' } })).status).toBe(403);
  });
});

describe('expiry and cancellation', () => {
  it('expires an approval past its deadline through the expiry job, and its execution ends', async () => {
    const tenant = `e2e-expire-${run}`;
    const alertId = await ingest(tenant, 'alertmanager', sampleEvent('alertmanager', 'firing-single'));
    const pending = await pendingApprovalOf(tenant, alertId);
    // As if the deadline had passed: the job finds it on the status+deadline index.
    await pastDeadline(tenant, String(pending.id));
    const viewer = await tokenFor(tenant, ['viewer']);
    const listed = await call('GET', '/v1/approvals?status=pending', { token: viewer });
    expect((listed.body.items as Json[]).map((item) => item.id)).not.toContain(pending.id);

    const invoked = await fetch(`${inject('alertgate').lambdaEndpoint}/2015-03-31/functions/alertgate-e2e-expireApprovals/invocations`, {
      method: 'POST',
      body: JSON.stringify({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }),
    });
    expect(invoked.status).toBe(200);

    expect(await remediationOf(tenant, alertId, ['expired'])).toMatchObject({ status: 'expired' });
    const read = await call('GET', `/v1/approvals/${String(pending.id)}`, { token: viewer });
    expect(read.body).toMatchObject({ status: 'expired' });
    expect((await vote(tenant, 'alice', pending.id, 'approve')).status).toBe(409);
  });

  it('cancels the pending approval of an alert that resolves', async () => {
    const tenant = `e2e-cancel-${run}`;
    const firing = sampleEvent('alertmanager', 'firing-single');
    const alertId = await ingest(tenant, 'alertmanager', firing);
    const pending = await pendingApprovalOf(tenant, alertId);

    const resolved = structuredClone(firing) as { status: string; alerts: { status: string; endsAt: string }[] };
    resolved.status = 'resolved';
    for (const alert of resolved.alerts) {
      alert.status = 'resolved';
      alert.endsAt = new Date().toISOString();
    }
    await ingest(tenant, 'alertmanager', resolved);

    expect(await remediationOf(tenant, alertId, ['cancelled'])).toMatchObject({ status: 'cancelled' });
    const viewer = await tokenFor(tenant, ['viewer']);
    expect((await call('GET', `/v1/approvals/${String(pending.id)}`, { token: viewer })).body).toMatchObject({ status: 'cancelled' });
  });
});

describe('a live silence_alert', () => {
  let alertmanager: RealAlertmanager;
  beforeAll(async () => {
    alertmanager = await startRealAlertmanager();
  });
  afterAll(async () => {
    await alertmanager?.stop();
  });

  it('creates the silence in a real Alertmanager once approved, and records its id', async () => {
    const tenant = `e2e-silence-${run}`;
    await configure(tenant, {
      routing: {
        rules: [
          { id: 'mute', matchers: ['alertname="NoisyBatchJob"'], set: { action: { name: 'silence_alert', params: { minutes: 30 } } } },
        ],
      },
      policies: { byRisk: { low: 'approval' } },
      remediation: { executor: 'live', alertmanager: { url: alertmanager.url } },
    });
    const alertId = await ingest(tenant, 'alertmanager', {
      ...sampleEvent('alertmanager', 'firing-single'),
      alerts: [
        { status: 'firing', labels: { alertname: 'NoisyBatchJob', job: 'batch' }, annotations: {}, startsAt: new Date().toISOString() },
      ],
    });
    const pending = await pendingApprovalOf(tenant, alertId);
    expect((await vote(tenant, 'alice', pending.id, 'approve')).status).toBe(200);

    const remediation = await remediationOf(tenant, alertId, ['executed', 'failed']);
    const outcome = remediation.outcome as Json;
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 'succeeded', executor: 'alertmanager' });
    const silences = (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as Json[];
    const silence = silences.find((item) => item.id === outcome.externalId);
    expect(silence?.matchers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'alertname', value: 'NoisyBatchJob' })]));
  });
});
