/**
 * From a proposed action to the mode the tenant's policy gives it. Risk comes from the registry
 * (or the tenant, for the actions whose risk it sets); the mode from the tenant's rules and
 * per-risk modes, or the defaults: low → auto, medium and high → approval, critical →
 * approval-2, and anything on env=prod at least approval.
 */

import type { Labels } from '../alerts/alert.ts';
import { DEFAULT_POLICY_RULES, type TenantConfig } from '../tenants/tenant-config.ts';
import type { Mode } from '../triage/decision.ts';
import { compiled, matchesAll } from '../triage/matcher.ts';
import { type ActionName, actionOf } from './registry.ts';
import type { Risk } from './risk.ts';

export const DEFAULT_MODE_BY_RISK: Readonly<Record<Risk, Mode>> = {
  low: 'auto',
  medium: 'approval',
  high: 'approval',
  critical: 'approval-2',
};

const STRICTNESS: Readonly<Record<Mode, number>> = { auto: 0, approval: 1, 'approval-2': 2, 'notify-only': 3, forbidden: 4 };

export function riskOf(action: ActionName, policies: TenantConfig['policies']): Risk {
  const definition = actionOf(action);
  const tenants: Partial<Record<ActionName, Risk>> = policies.actionRisk;
  return (definition.tenantRisked === true ? tenants[action] : undefined) ?? definition.risk;
}

export interface ModeDecision {
  readonly risk: Risk;
  readonly mode: Mode;
  readonly reason: string;
}

export function modeFor(action: ActionName, labels: Labels, policies: TenantConfig['policies']): ModeDecision {
  const risk = riskOf(action, policies);
  const configured = policies.byRisk[risk];
  let mode: Mode = configured ?? DEFAULT_MODE_BY_RISK[risk];
  let reason = configured === undefined ? `default for ${risk} risk` : `tenant policy for ${risk} risk`;
  const rules = policies.rules ?? DEFAULT_POLICY_RULES;
  let floor: { mode: Mode; reason: string } | undefined;
  let decided = false;
  for (const [index, rule] of rules.entries()) {
    if (rule.risk !== undefined && rule.risk !== risk) continue;
    if (rule.action !== undefined && rule.action !== action) continue;
    if (!matchesAll(compiled(rule.matchers), labels)) continue;
    const described = `policy rule ${index + 1} (${rule.matchers.join(', ') || 'any alert'})`;
    // The first matching rule with a mode sets it; floors anywhere in the list still apply.
    if (rule.mode !== undefined) {
      if (!decided) {
        mode = rule.mode;
        reason = described;
        decided = true;
      }
      continue;
    }
    if (rule.atLeast !== undefined && (floor === undefined || STRICTNESS[rule.atLeast] > STRICTNESS[floor.mode])) {
      floor = { mode: rule.atLeast, reason: `${described}: at least ${rule.atLeast}` };
    }
  }
  if (floor !== undefined && STRICTNESS[floor.mode] > STRICTNESS[mode]) return { risk, mode: floor.mode, reason: floor.reason };
  return { risk, mode, reason };
}
