/**
 * The alerts of the cost bench's tenant. The labelled catalogue (real Prometheus rules), crash
 * loops apart, since those are the ones its policy sends for approval. Alertmanager groups them by
 * cluster and team (its group_by) and sends one notification per group: every group's firing
 * alerts again each time, with the group's new ones.
 */
import { loadCatalogue } from '../scripts/classifier/catalogue.ts';
import type { FiringAlert } from './alertmanager-notification.ts';

/** An hour ago: the same on every notification of these episodes. */
const startsAt = new Date(Date.now() - 3_600_000).toISOString();

const catalogue = loadCatalogue().filter((alert) => !/CrashLoop/i.test(alert.input.name));

/** The labels Alertmanager groups the alerts of notification `group` by. */
export const groupLabels = (group: number) => ({ cluster: 'prod-eu-1', team: `team-${group}` });

/** The `n`th alert of the catalogue (round and round), on a host of its own. */
export function catalogueAlert(n: number, group: number): FiringAlert {
  const entry = catalogue[n % catalogue.length];
  if (entry === undefined) throw new Error('the alert catalogue is empty');
  const annotations: Record<string, string> = {};
  if (entry.input.summary !== undefined) annotations.summary = entry.input.summary;
  if (entry.input.description !== undefined) annotations.description = entry.input.description;
  return {
    labels: {
      ...entry.input.labels,
      alertname: entry.input.name,
      severity: entry.severity,
      instance: `10.0.${n >> 8}.${n & 255}:9100`,
      ...groupLabels(group),
    },
    annotations,
    startsAt,
  };
}
/** A crash-looping pod of its own Deployment: triage proposes restarting it, the policy wants an approval. */
export function crashLoopingAlert(n: number, group: number): FiringAlert {
  return {
    labels: {
      alertname: 'KubePodCrashLooping',
      ...groupLabels(group),
      namespace: 'payments',
      pod: `checkout-${n}-7d9f8b6c5d-x2kqp`,
      container: 'api',
      job: 'kube-state-metrics',
      severity: 'warning',
    },
    annotations: {
      summary: 'Pod is crash looping.',
      description: `Pod payments/checkout-${n}-7d9f8b6c5d-x2kqp (api) is in waiting state (CrashLoopBackOff).`,
    },
    startsAt,
  };
}
