import * as z from 'zod';
import { alertNames, defineAction } from './action.ts';
import { k8sName, workloadOf } from './kubernetes.ts';

export const rollbackDeployment = defineAction({
  risk: 'high',
  description: 'Roll a Kubernetes deployment back to its previous (or a given) revision.',
  params: z.object({ namespace: k8sName, name: k8sName, toRevision: z.number().int().positive().optional() }).strict(),
  target: (params) => `${params.namespace}/deployment/${params.name}`,
  describe: (params) =>
    `roll deployment ${params.namespace}/${params.name} back to ${params.toRevision === undefined ? 'its previous revision' : `revision ${params.toRevision}`}`,
  playbooks: [
    {
      id: 'deployment-replica-mismatch',
      alertNames: alertNames(
        '(Kube|Kubernetes)(Deployment)?ReplicasMismatch|KubernetesDeploymentReplicasMismatch|KubeDeploymentRolloutStuck|KubernetesDeploymentGenerationMismatch',
      ),
      params: (labels) => {
        const target = workloadOf(labels);
        return target === undefined ? undefined : { namespace: target.namespace, name: target.name };
      },
    },
  ],
});
