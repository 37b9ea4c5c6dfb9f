/**
 * The tenant's routing rules, in order: the first matching rule applies, and a rule with
 * `continue` lets later matching rules fill in what it left unset (as in Alertmanager's routes).
 */

import type { Labels } from '../alerts/alert.ts';
import type { RoutingRule } from '../tenants/tenant-config.ts';
import { compiled, matchesAll } from './matcher.ts';

export type RuleSettings = RoutingRule['set'];

export interface RuleOutcome {
  /** The matching rules, in the order they applied. */
  readonly matched: readonly string[];
  /** What they set, earlier rules taking precedence. */
  readonly set: RuleSettings;
  /** The rule that set the category, which makes the rules the decider. */
  readonly categoryRule?: string;
}

export function applyRoutingRules(rules: readonly RoutingRule[], labels: Labels): RuleOutcome {
  const matched: string[] = [];
  let set: RuleSettings = {};
  let categoryRule: string | undefined;
  for (const rule of rules) {
    if (!matchesAll(compiled(rule.matchers), labels)) continue;
    matched.push(rule.id);
    if (categoryRule === undefined && set.category === undefined && rule.set.category !== undefined) categoryRule = rule.id;
    set = { ...rule.set, ...set };
    if (!rule.continue) break;
  }
  return { matched, set, categoryRule };
}
