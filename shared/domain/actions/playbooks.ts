/**
 * Playbooks: well-known alert patterns mapped to an action, with params filled from the alert's
 * labels, declared by each action (actions/<action>.ts). A playbook applies only when its params
 * can be filled and pass the action's schema.
 */
import type { Labels } from '../alerts/alert.ts';
import { ACTION_NAMES, type ActionName, actionOf, checkParams } from './registry.ts';

export interface PlaybookMatch {
  readonly playbook: string;
  readonly action: ActionName;
  readonly params: Record<string, unknown>;
}

/** Every playbook, in the order they are tried. */
export const PLAYBOOKS = ACTION_NAMES.flatMap((action) => (actionOf(action).playbooks ?? []).map((rule) => ({ ...rule, action })));

/** The labels playbooks read their targets from: named when a target cannot be derived. */
const TARGET_LABELS = ['namespace', 'deployment', 'pod', 'statefulset', 'node', 'horizontalpodautoscaler', 'max_replicas'];

function targetLabelsOf(labels: Labels): string {
  const present = TARGET_LABELS.filter((label) => labels[label] !== undefined).map((label) => `${label}=${labels[label]}`);
  return present.length === 0 ? 'it has none of the labels playbooks read (namespace, deployment, pod, node)' : present.join(', ');
}

/**
 * The first playbook that fits the alert and whose params can be filled from its labels; when
 * none does, why (a playbook fitted the name but its target could not be derived), so a decision
 * without an action always says what stopped one.
 */
export function playbookFor(name: string, labels: Labels): PlaybookMatch | { readonly miss: string } {
  const misses: string[] = [];
  for (const playbook of PLAYBOOKS) {
    if (!playbook.alertNames.test(name)) continue;
    const params = playbook.params(labels);
    if (params === undefined) {
      misses.push(
        `playbook ${playbook.id} fits ${name}, but no target for ${playbook.action} could be derived from its labels (${targetLabelsOf(labels)})`,
      );
      continue;
    }
    const check = checkParams(playbook.action, params);
    if (check.ok) return { playbook: playbook.id, action: playbook.action, params: check.params };
    misses.push(`playbook ${playbook.id} fits ${name}, but the target derived from its labels is not valid (${check.reason})`);
  }
  return { miss: misses[0] ?? `no routing rule, model or playbook proposes an action for ${name}` };
}
