/**
 * Playbooks: well-known alert patterns mapped to an action, with params filled from the alert's
 * labels. A playbook applies only when its params can be filled and pass the action's schema.
 */
import type { Labels } from '../alerts/alert.ts';
import { type ActionName, checkParams } from './registry.ts';

export interface Playbook {
  readonly id: string;
  /** Matched against the alert name (anchored, case-insensitive). */
  readonly alertNames: RegExp;
  readonly action: ActionName;
  readonly params: (labels: Labels) => Record<string, unknown> | undefined;
}

/** `checkout-api-7d9f8b6c5d-x2kqp` → `checkout-api`: a Deployment's pod name less its ReplicaSet and pod hashes. */
export function deploymentOfPod(pod: string | undefined): string | undefined {
  if (pod === undefined) return undefined;
  const match = /^(.+)-[a-z0-9]{8,10}-[a-z0-9]{5}$/.exec(pod);
  return match?.[1];
}

/** Alert names as an anchored, case-insensitive pattern. */
const names = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'i');

const workload = (labels: Labels) => {
  const name = labels.deployment ?? deploymentOfPod(labels.pod);
  if (labels.namespace === undefined || name === undefined) return undefined;
  return { namespace: labels.namespace, kind: 'deployment', name };
};

const node = (labels: Labels) => {
  const name = labels.node ?? labels.kubernetes_node ?? labels.nodename;
  return name === undefined ? undefined : { node: name };
};

export const PLAYBOOKS: readonly Playbook[] = [
  {
    id: 'crash-looping-pod',
    alertNames: names('(Kube|Kubernetes)?Pod(CrashLooping|CrashLoop.*)'),
    action: 'restart_workload',
    params: workload,
  },
  {
    id: 'container-memory-pressure',
    alertNames: names(
      '(Container|Kube|Kubernetes)?(ContainerMemoryUsage|ContainerHighMemoryUsage|MemoryLeak|ContainerOomKiller|KubernetesContainerOomKiller)',
    ),
    action: 'restart_workload',
    params: workload,
  },
  {
    id: 'deployment-replica-mismatch',
    alertNames: names(
      '(Kube|Kubernetes)(Deployment)?ReplicasMismatch|KubernetesDeploymentReplicasMismatch|KubeDeploymentRolloutStuck|KubernetesDeploymentGenerationMismatch',
    ),
    action: 'rollback_deployment',
    params: (labels) => {
      const target = workload(labels);
      return target === undefined ? undefined : { namespace: target.namespace, name: target.name };
    },
  },
  {
    id: 'hpa-maxed-out',
    alertNames: names('(Kube|Kubernetes)Hpa(MaxedOut|ScaleMaximum|ScaleInability)'),
    action: 'scale_workload',
    params: (labels) => {
      const max = Number(labels.max_replicas ?? Number.NaN);
      const hpa = labels.horizontalpodautoscaler;
      const target = workload(labels.deployment === undefined && hpa !== undefined ? { ...labels, deployment: hpa } : labels);
      return target === undefined || !Number.isInteger(max) ? undefined : { ...target, replicas: Math.min(max * 2, 500) };
    },
  },
  {
    id: 'node-not-ready',
    alertNames: names('(Kube|Kubernetes)Node(NotReady|Ready)|KubernetesNodeMemoryPressure|KubeNodeUnreachable'),
    action: 'drain_node',
    params: node,
  },
  {
    id: 'filling-disk',
    alertNames: names(
      '.*(DiskSpace|OutOfDiskSpace|DiskFull|FilesystemSpaceFillingUp|FilesystemAlmostOutOfSpace|DiskWillFillIn.*|PersistentvolumeFillingUp|VolumeFullInFourDays).*',
    ),
    action: 'notify',
    params: () => ({ message: 'A disk is filling up: free space or grow the volume before it is full.' }),
  },
  {
    id: 'dead-target',
    alertNames: names('TargetDown|PrometheusTargetMissing|PrometheusAllTargetsMissing|.*ExporterDown|InstanceDown'),
    action: 'notify',
    params: () => ({ message: 'A scrape target is down: check the exporter and the host it runs on.' }),
  },
];

export interface PlaybookMatch {
  readonly playbook: string;
  readonly action: ActionName;
  readonly params: Record<string, unknown>;
}

/** The first playbook that fits the alert and whose params can be filled from its labels. */
export function playbookFor(name: string, labels: Labels): PlaybookMatch | undefined {
  for (const playbook of PLAYBOOKS) {
    if (!playbook.alertNames.test(name)) continue;
    const params = playbook.params(labels);
    if (params === undefined) continue;
    const check = checkParams(playbook.action, params);
    if (check.ok) return { playbook: playbook.id, action: playbook.action, params: check.params };
  }
  return undefined;
}
