import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../shared/domain/errors.ts';
import { groupingOf } from '../../../../shared/domain/incidents/grouping.ts';
import {
  acknowledged,
  type IncidentMember,
  merged,
  openIncident,
  parseIncidentId,
  quietResolved,
  resolved,
  takesAlert,
  withAlert,
  withAlertResolved,
} from '../../../../shared/domain/incidents/incident.ts';
import { DEFAULT_TENANT_CONFIG, tenantConfigSchema } from '../../../../shared/domain/tenants/tenant-config.ts';

const AT = '2026-12-01T03:00:00.000Z';
const member = (alertId: string, severity: IncidentMember['severity'] = 'warning', joined: IncidentMember['joined'] = 'joined') => ({
  alertId,
  revision: 1,
  name: 'KubePodCrashLooping',
  severity,
  status: 'firing' as const,
  joined,
  joinedAt: AT,
});
const open = (groupHash = 'a'.repeat(20), sequence = 1) =>
  openIncident({
    tenant: 'acme',
    groupHash,
    sequence,
    groupedBy: 'test',
    title: 'KubePodCrashLooping · payments/checkout-api',
    category: 'Orchestrators',
    member: member('a1', 'warning', 'opened'),
    at: AT,
  });
const windows = { windowMs: 10 * 60_000, reopenMs: 30 * 60_000 };

describe('an incident', () => {
  it('has an id that names its group and sequence, and nothing else parses as one', () => {
    const incident = open('0123456789abcdef0123', 7);
    expect(parseIncidentId(incident.id)).toEqual({ groupHash: '0123456789abcdef0123', sequence: 7 });
    for (const id of ['in-xyz-1', 'in-0123456789abcdef0123-0', '../in-0123456789abcdef0123-1', 'ap-1'])
      expect(parseIncidentId(id)).toBeUndefined();
  });

  it('takes the severity of its highest firing alert, and resolves when its last alert resolves', () => {
    let incident = open();
    const joined = withAlert(incident, member('a2', 'critical'), AT);
    if (joined.change === 'already') throw new Error('expected a join');
    incident = joined.incident;
    expect(incident.severity).toBe('critical');
    incident = withAlertResolved(incident, 'a2', 1, '2026-12-01T03:05:00.000Z') ?? incident;
    expect(incident).toMatchObject({ status: 'open', severity: 'warning' });
    expect(quietResolved(incident, '2026-12-01T03:05:00.000Z')).toBeUndefined();
    incident = withAlertResolved(incident, 'a1', 1, '2026-12-01T03:06:00.000Z') ?? incident;
    expect(incident.status).toBe('open');
    incident = quietResolved(incident, '2026-12-01T03:06:00.000Z') ?? incident;
    expect(incident).toMatchObject({ status: 'resolved', resolvedBy: 'system', resolvedAt: '2026-12-01T03:06:00.000Z' });
    expect(withAlertResolved(incident, 'a1', 1, '2026-12-01T03:07:00.000Z')).toBeUndefined();
    expect(quietResolved(incident, '2026-12-01T03:07:00.000Z')).toBeUndefined();
  });

  it('reopens when an alert of its group fires within the reopen window, and not after it', () => {
    const marked = withAlertResolved(open(), 'a1', 1, AT);
    const done = marked === undefined ? undefined : quietResolved(marked, AT);
    if (done === undefined) throw new Error('expected it to resolve');
    expect(takesAlert(done, new Date('2026-12-01T03:29:00.000Z'), windows)).toBe(true);
    expect(takesAlert(done, new Date('2026-12-01T03:31:00.000Z'), windows)).toBe(false);
    const again = withAlert(done, { ...member('a1', 'error', 'reopened'), revision: 2 }, '2026-12-01T03:20:00.000Z');
    expect(again.change).toBe('reopened');
    if (again.change !== 'already') expect(again.incident).toMatchObject({ status: 'open', reopenCount: 1, severity: 'error' });
  });

  it('takes alerts while one fires, and for the window after its last one when none does', () => {
    const incident = open();
    expect(takesAlert(incident, new Date('2026-12-01T09:00:00.000Z'), windows)).toBe(true);
    const quiet = { ...incident, alerts: { a1: { ...member('a1'), status: 'resolved' as const } }, status: 'acknowledged' as const };
    expect(takesAlert(quiet, new Date('2026-12-01T03:09:00.000Z'), windows)).toBe(true);
    expect(takesAlert(quiet, new Date('2026-12-01T03:11:00.000Z'), windows)).toBe(false);
  });

  it('is acknowledged once and resolved by a person; a merged one refuses both', () => {
    const incident = open();
    const acked = acknowledged(incident, 'erin', AT);
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'erin', version: 2 });
    if (acked === undefined) throw new Error('expected an acknowledgement');
    expect(acknowledged(acked, 'erin', AT)).toBeUndefined();
    expect(resolved(acked, 'erin', AT)).toMatchObject({ status: 'resolved', resolvedBy: 'erin' });
    const { sources } = merged(open('b'.repeat(20)), [incident], AT);
    const [gone] = sources;
    if (gone === undefined) throw new Error('expected a merged source');
    expect(() => acknowledged(gone, 'erin', AT)).toThrow(ConflictError);
    expect(() => resolved(gone, 'erin', AT)).toThrow(ConflictError);
  });

  it('merges others into one: their alerts and approvals move, each points at the target', () => {
    const target = open('b'.repeat(20));
    const source = { ...open('c'.repeat(20)), alerts: { x9: member('x9', 'critical') }, approvals: ['ap-1'] };
    const result = merged(target, [source], AT);
    expect(Object.keys(result.target.alerts).sort()).toEqual(['a1', 'x9']);
    expect(result.target).toMatchObject({ severity: 'critical', approvals: ['ap-1'], mergedFrom: [source.id] });
    expect(result.sources[0]).toMatchObject({ status: 'merged', mergedInto: target.id });
    expect(() => merged(target, [target], AT)).toThrow(ConflictError);
  });
});

describe('grouping', () => {
  const labels = { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'checkout-api-7d9f8b6c5d-x2kqp', cluster: 'eu-1' };

  it('groups by default on category, service and scope, so two pods of one Deployment share a group', () => {
    const a = groupingOf({ labels, category: 'Orchestrators' }, DEFAULT_TENANT_CONFIG.incidents);
    const b = groupingOf(
      { labels: { ...labels, pod: 'checkout-api-7d9f8b6c5d-qq7zz' }, category: 'Orchestrators' },
      DEFAULT_TENANT_CONFIG.incidents,
    );
    const other = groupingOf(
      { labels: { ...labels, pod: 'cart-5f6d7c8b9a-abcde' }, category: 'Orchestrators' },
      DEFAULT_TENANT_CONFIG.incidents,
    );
    expect(a.groupHash).toBe(b.groupHash);
    expect(a.scope).toBe('payments/checkout-api');
    expect(other.groupHash).not.toBe(a.groupHash);
    expect(a.windowMs).toBe(10 * 60_000);
  });

  it("follows the sender's group key, and the tenant's rules before either", () => {
    const config = tenantConfigSchema.parse({
      incidents: { rules: [{ id: 'by-cluster', matchers: ['namespace="payments"'], groupBy: ['cluster'], windowMinutes: 30 }] },
    }).incidents;
    const byKey = groupingOf(
      { labels: { ...labels, namespace: 'shop' }, groupKey: '{}:{alertname="KubePodCrashLooping"}', category: 'Orchestrators' },
      config,
    );
    expect(byKey.groupedBy).toBe('Alertmanager group {}:{alertname="KubePodCrashLooping"}');
    const byRule = groupingOf({ labels, groupKey: '{}:{alertname="KubePodCrashLooping"}', category: 'Orchestrators' }, config);
    expect(byRule).toMatchObject({ groupedBy: 'grouping rule by-cluster (cluster=eu-1)', windowMs: 30 * 60_000 });
    expect(groupingOf({ labels: { ...labels, pod: 'other-5f6d7c8b9a-abcde' }, category: 'Databases' }, config).groupHash).toBe(
      byRule.groupHash,
    );
  });
});
