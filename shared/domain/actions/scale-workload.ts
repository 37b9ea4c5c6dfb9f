import * as z from 'zod';
import { alertNames, defineAction } from './action.ts';
import { k8sName, workloadKind, workloadOf } from './kubernetes.ts';

export const scaleWorkload = defineAction({
  risk: 'medium',
  description: 'Scale a Kubernetes workload to a number of replicas.',
  params: z
    .object({ namespace: k8sName, kind: workloadKind.default('deployment'), name: k8sName, replicas: z.number().int().min(0).max(500) })
    .strict(),
  target: (params) => `${params.namespace}/${params.kind}/${params.name}`,
  describe: (params) => `scale ${params.kind} ${params.namespace}/${params.name} to ${params.replicas} replicas`,
  playbooks: [
    {
      id: 'hpa-maxed-out',
      alertNames: alertNames('(Kube|Kubernetes)Hpa(MaxedOut|ScaleMaximum|ScaleInability)'),
      params: (labels) => {
        const max = Number(labels.max_replicas ?? Number.NaN);
        const hpa = labels.horizontalpodautoscaler;
        const target = workloadOf(labels.deployment === undefined && hpa !== undefined ? { ...labels, deployment: hpa } : labels);
        return target === undefined || !Number.isInteger(max) ? undefined : { ...target, replicas: Math.min(max * 2, 500) };
      },
    },
  ],
});
