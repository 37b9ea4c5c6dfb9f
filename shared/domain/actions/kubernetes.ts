/** What the Kubernetes actions share: object names, workload kinds, and targets read from labels. */
import * as z from 'zod';
import type { Labels } from '../alerts/alert.ts';

export const k8sName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name');

export const workloadKind = z.enum(['deployment', 'statefulset', 'daemonset']);

/** `checkout-api-7d9f8b6c5d-x2kqp` → `checkout-api`: a Deployment's pod name less its ReplicaSet and pod hashes. */
export function deploymentOfPod(pod: string | undefined): string | undefined {
  if (pod === undefined) return undefined;
  const match = /^(.+)-[a-z0-9]{8,10}-[a-z0-9]{5}$/.exec(pod);
  return match?.[1];
}

/** The Deployment an alert is about: its `deployment` label, else the one its `pod` belongs to. */
export function workloadOf(labels: Labels): { namespace: string; kind: 'deployment'; name: string } | undefined {
  const name = labels.deployment ?? deploymentOfPod(labels.pod);
  if (labels.namespace === undefined || name === undefined) return undefined;
  return { namespace: labels.namespace, kind: 'deployment', name };
}
