/**
 * The DynamoDB incident and target stores on DynamoDB Local: the conditions that keep alerts of
 * one outage from racing each other, and the severity an incident is listed under.
 */
import { describe, expect, it } from 'vitest';
import { DynamoIncidentStore } from '../../shared/adapters/dynamodb/dynamo-incident-store.ts';
import { DynamoTargetStore } from '../../shared/adapters/dynamodb/dynamo-target-store.ts';
import { ConflictError } from '../../shared/domain/errors.ts';
import { type IncidentMember, openIncident, quietResolved } from '../../shared/domain/incidents/incident.ts';
import { claimTarget } from '../../shared/domain/remediation/remediation-target.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

const store = new DynamoIncidentStore(localDynamo(), emulators().tables.incidents);
const AT = '2026-12-01T03:00:00.000Z';
const member = (alertId: string, severity: IncidentMember['severity'] = 'warning'): IncidentMember => ({
  alertId,
  revision: 1,
  name: 'KubePodCrashLooping',
  severity,
  status: 'firing',
  joined: 'joined',
  joinedAt: AT,
});

async function opened(tenant: string, groupHash = 'a'.repeat(20)) {
  const incident = openIncident({
    tenant,
    groupHash,
    sequence: 1,
    groupedBy: 'test',
    title: 'KubePodCrashLooping · payments/checkout-api',
    category: 'Orchestrators',
    member: { ...member('first'), joined: 'opened' },
    at: AT,
  });
  await store.create(incident);
  return incident;
}

describe('the DynamoDB incident store', () => {
  it('takes twenty alerts joining at once, none lost, with no retries', async () => {
    const tenant = freshTenant('join');
    const incident = await opened(tenant);
    const ids = Array.from({ length: 20 }, (_, n) => `a${n}`);
    const summaries = await Promise.all(ids.map((id) => store.addAlert(tenant, incident.id, member(id), AT)));
    expect(Math.max(...summaries.map((s) => s.alertCount))).toBe(21);
    const read = await store.get(tenant, incident.id);
    expect(Object.keys(read?.alerts ?? {}).sort()).toEqual([...ids, 'first'].sort());
    expect(read?.version).toBe(21);
    expect(await store.latestOfGroup(tenant, incident.groupHash)).toMatchObject({ id: incident.id });
  });

  it('refuses an alert it has already, a second opening, and joining once resolved or quiet past the window', async () => {
    const tenant = freshTenant('refuse');
    const incident = await opened(tenant);
    await expect(store.addAlert(tenant, incident.id, member('first'), AT)).rejects.toThrow(ConflictError);
    await expect(store.create(incident)).rejects.toThrow(ConflictError);
    // Its one alert resolves: it no longer fires, and it went quiet at 03:00.
    const marked = await store.resolveAlert(tenant, incident.id, 'first', 1, '2026-12-01T03:01:00.000Z');
    expect(marked?.alerts.first?.status).toBe('resolved');
    expect(await store.resolveAlert(tenant, incident.id, 'first', 1, '2026-12-01T03:02:00.000Z')).toBeUndefined();
    await expect(store.addAlert(tenant, incident.id, member('late'), '2026-12-01T03:00:00.001Z')).rejects.toThrow(ConflictError);
    await store.addAlert(tenant, incident.id, member('soon'), '2026-12-01T02:55:00.000Z');
    const current = await store.get(tenant, incident.id);
    if (current === undefined) throw new Error('the incident is gone');
    const next = await store.resolveAlert(tenant, incident.id, 'soon', 1, '2026-12-01T03:03:00.000Z');
    const closed = next === undefined ? undefined : quietResolved(next, '2026-12-01T03:03:00.000Z');
    if (closed === undefined) throw new Error('expected it to close');
    await store.save(closed);
    await expect(store.addAlert(tenant, incident.id, member('after'), '2026-12-01T02:00:00.000Z')).rejects.toThrow(ConflictError);
  });

  it('lists incidents under the highest severity that still fires, and a quiet one under the one it closed with', async () => {
    const tenant = freshTenant('severity');
    const incident = await opened(tenant);
    await store.addAlert(tenant, incident.id, member('crit', 'critical'), AT);
    const bySeverity = async (severity: 'critical' | 'warning') =>
      (await store.list(tenant, { severity }, 10, undefined)).items.map((i) => i.id);
    expect(await bySeverity('critical')).toEqual([incident.id]);
    expect(await bySeverity('warning')).toEqual([]);
    await store.resolveAlert(tenant, incident.id, 'crit', 1, AT);
    expect(await bySeverity('warning')).toEqual([incident.id]);
    expect((await store.get(tenant, incident.id))?.severity).toBe('warning');
    await store.addApproval(tenant, incident.id, 'ap-1', AT);
    await store.addApproval(tenant, incident.id, 'ap-1', AT);
    expect((await store.get(tenant, incident.id))?.approvals).toEqual(['ap-1']);
    // The index projects the filtered attributes only: the listing reads the whole incident.
    expect((await store.list(tenant, {}, 10, undefined)).items).toEqual([await store.get(tenant, incident.id)]);
    // Another tenant's listing and lookups see none of it.
    expect((await store.list(freshTenant('other'), {}, 10, undefined)).items).toEqual([]);
    expect(await store.get(freshTenant('other'), incident.id)).toBeUndefined();
  });
});

describe('the DynamoDB target store', () => {
  it('lists by the webhook source of any of its alerts, joined atomically or written whole', async () => {
    const tenant = freshTenant('source');
    const incident = openIncident({
      tenant,
      groupHash: 'b'.repeat(20),
      sequence: 1,
      groupedBy: 'test',
      title: 'HighLatency · checkout',
      category: 'Orchestrators',
      member: { ...member('first'), source: 'alertmanager', joined: 'opened' },
      at: AT,
    });
    await store.create(incident);
    await store.addAlert(tenant, incident.id, { ...member('second'), source: 'grafana' }, AT);
    const ids = async (source: 'alertmanager' | 'grafana' | 'pagerduty') =>
      (await store.list(tenant, { source }, 10, undefined)).items.map((item) => item.id);
    expect(await ids('alertmanager')).toEqual([incident.id]);
    expect(await ids('grafana')).toEqual([incident.id]);
    expect(await ids('pagerduty')).toEqual([]);
    // Written whole (a merge, a save): the sources come from the members again.
    const read = await store.get(tenant, incident.id);
    expect(read?.alerts.second?.source).toBe('grafana');
  });

  it('lets one of twenty racing executions claim a target', async () => {
    const targets = new DynamoTargetStore(localDynamo(), emulators().tables.incidents);
    const tenant = freshTenant('target');
    const key = { tenant, targetKey: 'restart_workload:payments/deployment/checkout-api' };
    const now = new Date(AT);
    const limits = { cooldownMinutes: 15, maxExecutionsPerHour: 3 };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, async (_, n) => {
        const claimed = claimTarget(
          await targets.get(tenant, key.targetKey),
          key,
          { execution: `e${n}`, alertId: `a${n}`, since: AT, until: '2026-12-01T05:00:00.000Z' },
          limits,
          now,
        );
        if (claimed.result !== 'claimed') throw new Error(claimed.result);
        await targets.save(claimed.state);
        return n;
      }),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const state = await targets.get(tenant, key.targetKey);
    expect(state?.version).toBe(1);
  });
});
