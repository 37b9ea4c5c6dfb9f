import * as z from 'zod';
import { alertNames, defineAction } from './action.ts';

export const drainNode = defineAction({
  risk: 'critical',
  description: 'Cordon and drain a Kubernetes node, evicting its pods.',
  params: z.object({ node: z.string().min(1).max(253) }).strict(),
  target: (params) => params.node,
  describe: (params) => `cordon and drain node ${params.node}`,
  playbooks: [
    {
      id: 'node-not-ready',
      alertNames: alertNames('(Kube|Kubernetes)Node(NotReady|Ready)|KubernetesNodeMemoryPressure|KubeNodeUnreachable'),
      params: (labels) => {
        const name = labels.node ?? labels.kubernetes_node ?? labels.nodename;
        return name === undefined ? undefined : { node: name };
      },
    },
  ],
});
