import { describe, expect, it } from 'vitest';
import { PLAYBOOKS, playbookFor } from '../../../../shared/domain/actions/playbooks.ts';
import { ACTION_NAMES, actionOf, checkParams, TENANT_RISKED } from '../../../../shared/domain/actions/registry.ts';

describe('the action registry', () => {
  it('lets the tenant set the risk of exactly the actions that say so', () => {
    expect([...TENANT_RISKED].sort()).toEqual(['invoke_webhook', 'run_ssm_automation']);
  });

  it('describes what a dry run of each action would do, from its params with their defaults', () => {
    const described = ACTION_NAMES.filter((name) => name !== 'run_ssm_automation' && name !== 'invoke_webhook').map((name) => {
      const samples: Record<string, unknown> = {
        restart_workload: { namespace: 'payments', name: 'checkout-api' },
        scale_workload: { namespace: 'payments', name: 'checkout-api', replicas: 6 },
        rollback_deployment: { namespace: 'payments', name: 'checkout-api' },
        drain_node: { node: 'ip-10-0-1-7' },
        notify: {},
        silence_alert: {},
      };
      const check = checkParams(name, samples[name]);
      if (!check.ok) throw new Error(`${name}: ${check.reason}`);
      return actionOf(name).describe(check.params);
    });
    expect(described.sort()).toEqual([
      'cordon and drain node ip-10-0-1-7',
      'notify the owning team',
      'restart deployment payments/checkout-api',
      'roll deployment payments/checkout-api back to its previous revision',
      'scale deployment payments/checkout-api to 6 replicas',
      'silence the alert for 60 minutes',
    ]);
  });

  it('gathers every action’s playbooks, each id once, the Kubernetes ones before the notifications', () => {
    const ids = PLAYBOOKS.map((playbook) => playbook.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'crash-looping-pod',
      'container-memory-pressure',
      'deployment-replica-mismatch',
      'hpa-maxed-out',
      'node-not-ready',
      'filling-disk',
      'dead-target',
    ]);
  });

  it('proposes the action of the first playbook whose params the labels fill', () => {
    expect(playbookFor('KubePodCrashLooping', { namespace: 'payments', pod: 'checkout-api-7d9f8b6c5d-x2kqp' })).toEqual({
      playbook: 'crash-looping-pod',
      action: 'restart_workload',
      params: { namespace: 'payments', kind: 'deployment', name: 'checkout-api' },
    });
    // No target: the miss says which playbook fitted and which labels it had to work with.
    expect(playbookFor('KubePodCrashLooping', { namespace: 'payments', pod: 'cart-x1' })).toEqual({
      miss: 'playbook crash-looping-pod fits KubePodCrashLooping, but no target for restart_workload could be derived from its labels (namespace=payments, pod=cart-x1)',
    });
    expect(playbookFor('SomethingElse', {})).toEqual({ miss: 'no routing rule, model or playbook proposes an action for SomethingElse' });
  });
});
