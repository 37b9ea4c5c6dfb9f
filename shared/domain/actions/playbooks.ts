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
