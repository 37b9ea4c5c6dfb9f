/**
 * The DynamoDB incident and target stores on DynamoDB Local: the conditions that keep alerts of
 * one outage from racing each other, the severity an incident is listed under, alerts as items
 * of their own (a merge's copies, incidents stored before), and one claim per target.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoIncidentStore } from '../../shared/adapters/dynamodb/dynamo-incident-store.ts';
import { DynamoTargetStore } from '../../shared/adapters/dynamodb/dynamo-target-store.ts';
import { incidentSortKey, incidentToItem, memberToItem } from '../../shared/adapters/dynamodb/incident-item.ts';
import { ConflictError } from '../../shared/domain/errors.ts';
import {
  type Incident,
  type IncidentMember,
  merged,
  openIncident,
  quietResolved,
  withAlert,
} from '../../shared/domain/incidents/incident.ts';
import { claimTarget } from '../../shared/domain/remediation/remediation-target.ts';
import { emulators, freshTenant, localDynamo } from '../helpers/local-clients.ts';

const client = localDynamo();
const table = emulators().tables.incidents;
const store = new DynamoIncidentStore(client, table);
const AT = '2099-12-01T03:00:00.000Z';
const member = (alertId: string, severity: IncidentMember['severity'] = 'warning'): IncidentMember => ({
  alertId,
  revision: 1,
  name: 'KubePodCrashLooping',
  severity,
  status: 'firing',
  joined: 'joined',
  joinedAt: AT,
});

/** The incident's own item as stored, and the keys of its alerts' items. */
async function stored(incident: Incident) {
  const sk = incidentSortKey(incident.groupHash, incident.sequence);
  const { Item: item } = await client.send(new GetCommand({ TableName: table, Key: { tenant: incident.tenant, sk } }));
  const { Items: items = [] } = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'tenant = :tenant AND begins_with(sk, :alerts)',
      ExpressionAttributeValues: { ':tenant': incident.tenant, ':alerts': `${sk}#alert#` },
    }),
  );
  return { item, alertItems: items.map((each) => String(each.alertId)).sort() };
}

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
  it('takes twenty alerts joining at once in one write of the incident, none lost', async () => {
    const tenant = freshTenant('join');
    const incident = await opened(tenant);
    const ids = Array.from({ length: 20 }, (_, n) => `a${n}`);
    const summaries = await Promise.all(
      ids.map((id, n) => store.addAlert(tenant, incident.id, member(id, n < 5 ? 'critical' : 'warning'), AT)),
    );
    expect(summaries.map((s) => s.alertCount)).toEqual(ids.map(() => 21));
    expect(summaries.map((s) => s.severity)).toEqual(ids.map(() => 'critical'));
    const read = await store.get(tenant, incident.id);
    expect(Object.keys(read?.alerts ?? {}).sort()).toEqual([...ids, 'first'].sort());
    // Opened at version 1, then one write for all twenty: the group commit.
    expect(read?.version).toBe(2);
    const { item } = await stored(incident);
    expect(item).toMatchObject({ alertCount: 21, firingCritical: 5, firingWarning: 16 });
    expect(await store.latestOfGroup(tenant, incident.groupHash)).toMatchObject({ id: incident.id });
  });

  it('joins the others of a batch one of which it has already, and refuses that one alone', async () => {
    const tenant = freshTenant('join-some');
    const incident = await opened(tenant);
    const joins = ['b1', 'first', 'b2'].map((id) => store.addAlert(tenant, incident.id, member(id), AT));
    const settled = await Promise.allSettled(joins);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[1]?.status === 'rejected' && settled[1].reason).toBeInstanceOf(ConflictError);
    const { item, alertItems } = await stored(incident);
    expect(alertItems).toEqual(['b1', 'b2', 'first']);
    expect(item).toMatchObject({ alertCount: 3, firingWarning: 3 });
  });

  it('takes more alerts at once than one transaction holds, in several', async () => {
    const tenant = freshTenant('join-many');
    const incident = await opened(tenant);
    const ids = Array.from({ length: 150 }, (_, n) => `m${n}`);
    await Promise.all(ids.map((id) => store.addAlert(tenant, incident.id, member(id), AT)));
    const { item, alertItems } = await stored(incident);
    expect(alertItems).toHaveLength(151);
    expect(item).toMatchObject({ alertCount: 151, firingWarning: 151, version: 3 });
  });

  it('refuses an alert it has already, a second opening, and joining once resolved or quiet past the window', async () => {
    const tenant = freshTenant('refuse');
    const incident = await opened(tenant);
    await expect(store.addAlert(tenant, incident.id, member('first'), AT)).rejects.toThrow(ConflictError);
    await expect(store.create(incident)).rejects.toThrow(ConflictError);
    // Its one alert resolves: it no longer fires, and it went quiet at 03:00.
    const marked = await store.resolveAlert(tenant, incident.id, 'first', 1, '2099-12-01T03:01:00.000Z');
    expect(marked?.alerts.first?.status).toBe('resolved');
    expect(await store.resolveAlert(tenant, incident.id, 'first', 1, '2099-12-01T03:02:00.000Z')).toBeUndefined();
    await expect(store.addAlert(tenant, incident.id, member('late'), '2099-12-01T03:00:00.001Z')).rejects.toThrow(ConflictError);
    await store.addAlert(tenant, incident.id, member('soon'), '2099-12-01T02:55:00.000Z');
    const current = await store.get(tenant, incident.id);
    if (current === undefined) throw new Error('the incident is gone');
    const next = await store.resolveAlert(tenant, incident.id, 'soon', 1, '2099-12-01T03:03:00.000Z');
    const closed = next === undefined ? undefined : quietResolved(next, '2099-12-01T03:03:00.000Z');
    if (closed === undefined) throw new Error('expected it to close');
    await store.save(closed);
    await expect(store.addAlert(tenant, incident.id, member('after'), '2099-12-01T02:00:00.000Z')).rejects.toThrow(ConflictError);
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

describe('alerts as items of their own', () => {
  it('keeps the incident item small: a join writes the alert beside it, not into it', async () => {
    const tenant = freshTenant('items');
    const incident = await opened(tenant);
    await Promise.all(['b', 'c'].map((id) => store.addAlert(tenant, incident.id, member(id, 'critical'), AT)));
    const { item, alertItems } = await stored(incident);
    expect(alertItems).toEqual(['b', 'c', 'first']);
    expect(item).not.toHaveProperty('members');
    expect(item).toMatchObject({ alertCount: 3, firingCritical: 2, firingWarning: 1 });
    // A new revision of one of them, written with the incident's next state.
    const current = await store.get(tenant, incident.id);
    if (current === undefined) throw new Error('the incident is gone');
    const again = withAlert(current, { ...member('b', 'critical'), revision: 2 }, AT);
    if (again.change === 'already') throw new Error('expected a change');
    await store.save(again.incident, [{ ...member('b', 'critical'), revision: 2 }]);
    expect((await store.get(tenant, incident.id))?.alerts.b?.revision).toBe(2);
  });

  it("counts a merge's copies only once the merge is written, so a merge cut short shows nothing twice", async () => {
    const tenant = freshTenant('merge');
    const target = await opened(tenant, 'c'.repeat(20));
    const source = await opened(tenant, 'd'.repeat(20));
    await store.addAlert(tenant, source.id, member('moved'), AT);
    const sourceNow = await store.get(tenant, source.id);
    if (sourceNow === undefined) throw new Error('the source is gone');
    // What a merge that stopped after its copies leaves: the target does not count them.
    await client.send(new PutCommand({ TableName: table, Item: memberToItem(target, member('moved'), source.id) }));
    expect(Object.keys((await store.get(tenant, target.id))?.alerts ?? {})).toEqual(['first']);
    const next = merged(target, [sourceNow], AT);
    await store.saveMerge(next);
    const after = await store.get(tenant, target.id);
    expect(Object.keys(after?.alerts ?? {}).sort()).toEqual(['first', 'moved']);
    expect(after).toEqual(next.target);
    expect((await store.get(tenant, source.id))?.status).toBe('merged');
    // Merging the same state again is refused: the versions moved on.
    await expect(store.saveMerge(next)).rejects.toThrow(ConflictError);
  });

  it('never lets a merge that did not happen hide or block an alert of the target', async () => {
    const tenant = freshTenant('merge-cut');
    const target = await opened(tenant, 'f'.repeat(20));
    const source = await opened(tenant, '1'.repeat(20));
    await store.addAlert(tenant, source.id, member('shared', 'critical'), AT);
    await store.addAlert(tenant, target.id, member('shared'), AT);
    await store.addAlert(tenant, source.id, member('late'), AT);
    const [targetNow, sourceNow] = await Promise.all([store.get(tenant, target.id), store.get(tenant, source.id)]);
    if (targetNow === undefined || sourceNow === undefined) throw new Error('an incident is gone');
    // The merge's copies are written, then its transaction is refused: the target changed meanwhile.
    await store.addApproval(tenant, target.id, 'ap-meanwhile', AT);
    await expect(store.saveMerge(merged(targetNow, [sourceNow], AT))).rejects.toThrow(ConflictError);
    const after = await store.get(tenant, target.id);
    expect(after?.alerts.shared).toMatchObject({ severity: 'warning' });
    expect(Object.keys(after?.alerts ?? {}).sort()).toEqual(['first', 'shared']);
    // The alert whose copy was left there joins all the same, counted once.
    await store.addAlert(tenant, target.id, member('late'), AT);
    const { item } = await stored(target);
    expect(item).toMatchObject({ alertCount: 3 });
    expect(Object.keys((await store.get(tenant, target.id))?.alerts ?? {}).sort()).toEqual(['first', 'late', 'shared']);
  });

  it('lets the last of alerts resolving at once see them all resolved, so that it closes the incident', async () => {
    const tenant = freshTenant('resolve-all');
    const incident = await opened(tenant);
    const ids = Array.from({ length: 12 }, (_, n) => `r${n}`);
    await Promise.all(ids.map((id) => store.addAlert(tenant, incident.id, member(id), AT)));
    const states = await Promise.all(['first', ...ids].map((id) => store.resolveAlert(tenant, incident.id, id, 1, AT)));
    const closing = states.flatMap((state) => (state === undefined ? [] : [quietResolved(state, AT)]));
    expect(closing.filter((state) => state !== undefined).length).toBeGreaterThan(0);
  });

  it('lists approvals on an incident while its alerts join at once, none lost', async () => {
    const tenant = freshTenant('busy');
    const incident = await opened(tenant);
    await Promise.all([
      ...Array.from({ length: 15 }, (_, n) => store.addAlert(tenant, incident.id, member(`j${n}`), AT)),
      ...Array.from({ length: 5 }, (_, n) => store.addApproval(tenant, incident.id, `ap-${n}`, AT)),
    ]);
    const read = await store.get(tenant, incident.id);
    expect([...(read?.approvals ?? [])].sort()).toEqual(['ap-0', 'ap-1', 'ap-2', 'ap-3', 'ap-4']);
    expect(Object.keys(read?.alerts ?? {})).toHaveLength(16);
  });

  it('reads an incident stored with its alerts in a map, and moves them to items at its next write', async () => {
    const tenant = freshTenant('legacy');
    const incident = openIncident({
      tenant,
      groupHash: 'e'.repeat(20),
      sequence: 1,
      groupedBy: 'test',
      title: 'Before alerts were items',
      category: 'Orchestrators',
      member: { ...member('old'), joined: 'opened' },
      at: AT,
    });
    // As this store wrote incidents before: the alerts in the item's `members` map.
    await client.send(new PutCommand({ TableName: table, Item: { ...incidentToItem(incident), members: incident.alerts } }));
    expect(await store.get(tenant, incident.id)).toEqual(incident);
    expect((await store.list(tenant, {}, 10, undefined)).items).toEqual([incident]);
    await store.addAlert(tenant, incident.id, member('new'), AT);
    const { item, alertItems } = await stored(incident);
    expect(item).not.toHaveProperty('members');
    expect(item).toMatchObject({ alertCount: 2, firingWarning: 2 });
    expect(alertItems).toEqual(['new', 'old']);
    // The alert it already had is refused as before, and it resolves where it now lives.
    await expect(store.addAlert(tenant, incident.id, member('old'), AT)).rejects.toThrow(ConflictError);
    expect((await store.resolveAlert(tenant, incident.id, 'old', 1, AT))?.alerts.old?.status).toBe('resolved');
    expect((await store.get(tenant, incident.id))?.alerts.old?.status).toBe('resolved');
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
          { execution: `e${n}`, alertId: `a${n}`, since: AT, until: '2099-12-01T05:00:00.000Z' },
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
