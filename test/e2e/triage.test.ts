import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../helpers/api.ts';
import { sampleEvent } from '../helpers/events.ts';
import { eventually } from '../support/eventually.ts';

const tenant = `e2e-triage-${Date.now().toString(36)}`;

/** Polls the alert until its triage state is `state` (the local SQS event source runs every second). */
async function waitForTriage(
  token: string,
  id: string,
  until: (triage: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return eventually(
    `the triage of ${id}`,
    async () => {
      const triage = (await call('GET', `/v1/alerts/${id}`, { token })).body.triage as Record<string, unknown>;
      return until(triage) ? triage : undefined;
    },
    { interval: 300 },
  );
}

describe('triage, from webhook to decision, on the local stack', () => {
  it('decides a crash-looping pod: category, priority, and a restart proposed for approval', async () => {
    const token = await tokenFor(tenant, ['ingest', 'viewer']);
    const posted = await call('POST', '/v1/webhooks/alertmanager', { token, json: sampleEvent('alertmanager', 'firing-single') });
    const id = (posted.body.alerts as { id: string }[])[0]?.id ?? '';
    const triage = await waitForTriage(token, id, (t) => t.state === 'decided');
    const decision = triage.decision as Record<string, unknown>;
    expect(decision).toMatchObject({ revision: 1, severity: 'warning', priority: 'P3', decidedBy: { kind: 'classifier' } });
    expect(decision.action).toMatchObject({
      name: 'restart_workload',
      risk: 'medium',
      mode: 'approval',
      source: 'playbook:crash-looping-pod',
    });
  });

  it("follows the tenant's routing rule and team map, and marks the decision superseded when the alert resolves", async () => {
    const routed = `${tenant}-rules`;
    const admin = await tokenFor(routed, ['admin']);
    const config = {
      routing: { rules: [{ id: 'disks', matchers: ['alertname="DiskAlmostFull"'], set: { category: 'Storage', team: 'storage-oncall' } }] },
    };
    const put = await call('PUT', `/v1/tenants/${routed}/config`, { token: admin, json: config, headers: { 'if-match': '"v0"' } });
    expect(put.status).toBe(200);
    // The consumer caches configuration for 30 s per container: this tenant's first read comes after the PUT.
    const alert = { name: 'DiskAlmostFull', severity: 'critical', labels: { host: 'backup-01', env: 'prod' } };
    const posted = await call('POST', '/v1/webhooks/generic', { token: admin, json: alert });
    const id = (posted.body.alerts as { id: string }[])[0]?.id ?? '';
    const triage = await waitForTriage(admin, id, (t) => t.state === 'decided');
    expect(triage.decision).toMatchObject({
      category: 'Storage',
      team: 'storage-oncall',
      priority: 'P1',
      decidedBy: { kind: 'rule', ruleId: 'disks' },
    });

    await call('POST', '/v1/webhooks/generic', { token: admin, json: { ...alert, status: 'resolved' } });
    const superseded = await waitForTriage(admin, id, (t) => typeof (t.decision as Record<string, unknown>).supersededAt === 'string');
    expect(superseded.decision).toMatchObject({ category: 'Storage' });
  });
});
