/**
 * Which incident group an alert belongs to, in this order:
 *   1. the tenant's first grouping rule whose matchers match: its `groupBy` label values (like
 *      Alertmanager's `group_by`), within the rule's window;
 *   2. the sender's own group (Alertmanager's `groupKey`): it already grouped these alerts the way
 *      its operators configured;
 *   3. by default: same triage category and service, and the same cluster, namespace and workload.
 * The tenant's rules come first because they are the most deliberate statement of intent.
 */
import { createHash } from 'node:crypto';
import { deploymentOfPod } from '../actions/kubernetes.ts';
import type { Labels } from '../alerts/alert.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { TenantConfig } from '../tenants/tenant-config.ts';
import { compiled, matchesAll } from '../triage/matcher.ts';

export interface Grouping {
  /** SHA-256 prefix of the canonical group key. */
  readonly groupHash: string;
  /** How, readably: shown on the incident. */
  readonly groupedBy: string;
  /** The scope the title names: "payments/checkout-api", "db-7", … */
  readonly scope?: string;
  readonly windowMs: number;
  readonly reopenMs: number;
}

export interface GroupingInput {
  readonly labels: Labels;
  readonly groupKey?: string;
  readonly category: string;
  readonly service?: string;
}

const MINUTE_MS = 60_000;

function hashOf(key: readonly unknown[]): string {
  return createHash('sha256').update(canonicalJson(key)).digest('hex').slice(0, 20);
}

/** The workload an alert is about, from the labels Kubernetes exporters set. */
export function workloadOfLabels(labels: Labels): string | undefined {
  return (
    labels.deployment ??
    labels.statefulset ??
    labels.daemonset ??
    labels.job_name ??
    labels.cronjob ??
    deploymentOfPod(labels.pod) ??
    labels.workload
  );
}

export function groupingOf(alert: GroupingInput, config: TenantConfig['incidents']): Grouping {
  const reopenMs = config.reopenMinutes * MINUTE_MS;
  for (const rule of config.rules) {
    if (!matchesAll(compiled(rule.matchers), alert.labels)) continue;
    const values = rule.groupBy.map((name) => alert.labels[name] ?? '');
    const shown = rule.groupBy.map((name, i) => `${name}=${values[i] || '∅'}`).join(', ');
    return {
      groupHash: hashOf(['rule', rule.id, ...values]),
      groupedBy: `grouping rule ${rule.id}${shown === '' ? '' : ` (${shown})`}`,
      ...(values.some((value) => value !== '') ? { scope: values.filter((value) => value !== '').join('/') } : {}),
      windowMs: (rule.windowMinutes ?? config.windowMinutes) * MINUTE_MS,
      reopenMs,
    };
  }
  const workload = workloadOfLabels(alert.labels);
  const namespace = alert.labels.namespace;
  const scope = namespace !== undefined && workload !== undefined ? `${namespace}/${workload}` : (workload ?? alert.service ?? namespace);
  const windowMs = config.windowMinutes * MINUTE_MS;
  if (alert.groupKey !== undefined && alert.groupKey !== '') {
    return {
      groupHash: hashOf(['alertmanager', alert.groupKey]),
      groupedBy: `Alertmanager group ${alert.groupKey.slice(0, 200)}`,
      ...(scope === undefined ? {} : { scope }),
      windowMs,
      reopenMs,
    };
  }
  const key = [alert.category, alert.service ?? '', alert.labels.cluster ?? '', namespace ?? '', workload ?? ''];
  return {
    groupHash: hashOf(['default', ...key]),
    groupedBy: 'category, service, cluster, namespace and workload',
    ...(scope === undefined ? {} : { scope }),
    windowMs,
    reopenMs,
  };
}

/** "KubePodCrashLooping · payments/checkout-api": the first alert's name and the group's scope. */
export function incidentTitle(alertName: string, grouping: Pick<Grouping, 'scope'>): string {
  const title = grouping.scope === undefined ? alertName : `${alertName} · ${grouping.scope}`;
  return title.slice(0, 200);
}
