/**
 * The operability resources, read from their sources (resources/*.yml, resources/dashboards/):
 * an alarm on every dead-letter queue, a runbook page for every alarm, and dashboards that chart
 * only metrics alertgate publishes (EMF names for CloudWatch, /v1/metrics names for Grafana).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRIC_NAMES } from '../../shared/domain/metrics/meter.ts';
import { tenantFamilies } from '../../shared/domain/metrics/tenant-metrics.ts';
import { emptyStats } from '../../shared/domain/stats/tenant-stats.ts';

const root = join(import.meta.dirname, '..', '..');
type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json };

/** CloudFormation's short tags, kept as their long forms. */
const customTags = [
  { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split('.') }) },
  { tag: '!Sub', resolve: (value: string) => ({ 'Fn::Sub': value }) },
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
];

function resources(file: string): Record<string, Resource> {
  return (parse(readFileSync(join(root, 'resources', file), 'utf8'), { customTags }) as { Resources: Record<string, Resource> }).Resources;
}

const queues = resources('sqs.yml');
const alarms = Object.entries(resources('alarms.yml')).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');

function deadLetterQueues(): string[] {
  return Object.values(queues).flatMap((queue) => {
    const target = (queue.Properties.RedrivePolicy as Json | undefined)?.deadLetterTargetArn as { 'Fn::GetAtt': string[] } | undefined;
    return target === undefined ? [] : [target['Fn::GetAtt'][0] as string];
  });
}

describe('alarms and runbooks', () => {
  it('alarms on the depth of every dead-letter queue', () => {
    const watched = alarms
      .filter(([, alarm]) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map(([, alarm]) => {
        const value = (alarm.Properties.Dimensions as { Value: { 'Fn::GetAtt': string[] } }[])[0]?.Value;
        return value?.['Fn::GetAtt'][0];
      });
    expect(deadLetterQueues().length).toBeGreaterThanOrEqual(4);
    expect(deadLetterQueues().filter((queue) => !watched.includes(queue))).toEqual([]);
  });

  it('names an existing runbook page in every alarm, and the runbooks index lists every page', () => {
    const index = readFileSync(join(root, 'docs', 'runbooks', 'README.md'), 'utf8');
    for (const [id, alarm] of alarms) {
      const page = /docs\/runbooks\/([a-z-]+\.md)/.exec(String(alarm.Properties.AlarmDescription))?.[1];
      expect(page, `${id} names no runbook`).toBeDefined();
      expect(existsSync(join(root, 'docs', 'runbooks', page ?? '')), `${id}: ${page}`).toBe(true);
      expect(index, `${page} is not in the index`).toContain(`(${page})`);
    }
  });

  it('alarms on errors, throttles, the audit lag, open circuits, a stopped expiry job and expiring approvals', () => {
    const ids = alarms.map(([id]) => id);
    for (const id of [
      'FunctionErrorsAlarm',
      'FunctionThrottlesAlarm',
      'AuditAppendLagAlarm',
      'LlmBreakerOpenAlarm',
      'ExpiryJobNotRunningAlarm',
      'ApprovalsExpiringAlarm',
    ])
      expect(ids).toContain(id);
    // Alarms on our own metrics name metrics the code publishes.
    const own = alarms.flatMap(([, alarm]) => [
      ...(alarm.Properties.Namespace === 'alertgate' ? [String(alarm.Properties.MetricName)] : []),
      ...((alarm.Properties.Metrics as Json[] | undefined) ?? []).flatMap((metric) => {
        const stat = (metric.MetricStat as Json | undefined)?.Metric as Json | undefined;
        return stat?.Namespace === 'alertgate' ? [String(stat.MetricName)] : [];
      }),
    ]);
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((name) => !(METRIC_NAMES as readonly string[]).includes(name))).toEqual([]);
  });
});

describe('dashboards', () => {
  it('charts only EMF metrics the functions publish on the CloudWatch dashboard', () => {
    const dashboard = parse(readFileSync(join(root, 'resources', 'dashboards', 'cloudwatch.yml'), 'utf8'), { customTags }) as {
      Resources: { OperationsDashboard: { Properties: { DashboardBody: { 'Fn::Sub': string } } } };
    };
    const body = JSON.parse(dashboard.Resources.OperationsDashboard.Properties.DashboardBody['Fn::Sub']) as { widgets: Json[] };
    expect(body.widgets.length).toBeGreaterThanOrEqual(10);
    const text = JSON.stringify(body);
    const named = [
      ...[...text.matchAll(/MetricName=\\"([A-Za-z]+)\\"/g)].map((match) => match[1]),
      ...[...text.matchAll(/\["alertgate","([A-Za-z]+)"/g)].map((match) => match[1]),
    ];
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !(METRIC_NAMES as readonly string[]).includes(name ?? ''))).toEqual([]);
  });

  it("queries only /v1/metrics's metric names in the Grafana dashboard", () => {
    const dashboard = JSON.parse(readFileSync(join(root, 'resources', 'dashboards', 'grafana.json'), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const served = new Set(tenantFamilies(emptyStats(), { counted: 0, chained: 0 }).map((family) => family.name));
    const queried = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) => [...target.expr.matchAll(/alertgate_[a-z_]+/g)].map((m) => m[0])),
    );
    expect(queried.length).toBeGreaterThan(10);
    expect(queried.map((name) => name.replace(/_(bucket|sum|count)$/, '')).filter((name) => !served.has(name))).toEqual([]);
  });
});
