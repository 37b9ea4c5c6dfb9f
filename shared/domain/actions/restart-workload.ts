import * as z from 'zod';
import { alertNames, defineAction } from './action.ts';
import { k8sName, workloadKind, workloadOf } from './kubernetes.ts';

export const restartWorkload = defineAction({
  risk: 'medium',
  description: 'Rolling restart of a Kubernetes workload (e.g. a crash-looping or leaking deployment).',
  params: z.object({ namespace: k8sName, kind: workloadKind.default('deployment'), name: k8sName }).strict(),
  describe: (params) => `restart ${params.kind} ${params.namespace}/${params.name}`,
  target: (params) => `${params.namespace}/${params.kind}/${params.name}`,
  playbooks: [
    { id: 'crash-looping-pod', alertNames: alertNames('(Kube|Kubernetes)?Pod(CrashLooping|CrashLoop.*)'), params: workloadOf },
    {
      id: 'container-memory-pressure',
      alertNames: alertNames(
        '(Container|Kube|Kubernetes)?(ContainerMemoryUsage|ContainerHighMemoryUsage|MemoryLeak|ContainerOomKiller|KubernetesContainerOomKiller)',
      ),
      params: workloadOf,
    },
  ],
});
