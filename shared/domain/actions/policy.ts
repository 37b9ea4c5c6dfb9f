/**
 * From a proposed action to the mode the tenant's policy gives it. Risk comes from the registry
 * (or the tenant, for the actions whose risk it sets); the mode from the tenant's rules and
 * per-risk modes, or the defaults: low → auto, medium and high → approval, critical →
 * approval-2. Two floors then hold whatever the rules say: the environment's (production, which
 * is any alert the tenant's environment rules do not place elsewhere, needs at least approval by
 * default), and the platform's, which no tenant setting lowers: critical risk needs two approvers.
 */

import type { Labels } from '../alerts/alert.ts';
import type { Environment, TenantConfig } from '../tenants/tenant-config.ts';
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

/** How strict a mode is: floors only ever raise a mode along this order. */
export const STRICTNESS: Readonly<Record<Mode, number>> = { auto: 0, approval: 1, 'approval-2': 2, 'notify-only': 3, forbidden: 4 };

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

/** Labels that say which alert it is beyond its name: a silence on anything less silences every alert of the name. */
const NOT_IDENTIFYING = new Set(['alertname', 'severity', 'priority']);

function identifiesOneAlert(labels: Labels): boolean {
  return Object.entries(labels).some(([name, value]) => value !== '' && !NOT_IDENTIFYING.has(name));
}

/**
 * An action's params held to the tenant's limits: a silence is at most `maxSilenceMinutes`.
 * `capped` says what was lowered (triage caps its proposal; a person's request is refused).
 */
export function withinPolicy(
  action: ActionName,
  params: Readonly<Record<string, unknown>>,
  policies: TenantConfig['policies'],
): { readonly params: Readonly<Record<string, unknown>>; readonly capped?: string } {
  if (action !== 'silence_alert') return { params };
  // The action's own default applies when the params leave minutes out.
  const parsed = actionOf(action).params.safeParse(params);
  const minutes = parsed.success ? (parsed.data as { minutes: number }).minutes : undefined;
  if (minutes !== undefined && minutes > policies.maxSilenceMinutes) {
    return {
      params: { ...params, minutes: policies.maxSilenceMinutes },
      capped: `a silence is at most ${policies.maxSilenceMinutes} minutes by the tenant's policy`,
    };
  }
  return { params };
}

/** Floors no tenant setting lowers. */
export const PLATFORM_FLOORS: Readonly<Partial<Record<Risk, Mode>>> = { critical: 'approval-2' };

/** Where the alert is, and why: from the tenant's environment rules (environmentOf). */
export interface Placement {
  readonly environment: Environment;
  readonly reason: string;
}

const UNPLACED: Placement = { environment: 'production', reason: 'no environment given' };

export function modeFor(
  action: ActionName,
  labels: Labels,
  policies: TenantConfig['policies'],
  placement: Placement = UNPLACED,
): ModeDecision {
  const risk = riskOf(action, policies);
  const configured = policies.byRisk[risk];
  let mode: Mode = configured ?? DEFAULT_MODE_BY_RISK[risk];
  let reason = configured === undefined ? `default for ${risk} risk` : `tenant policy for ${risk} risk`;
  const rules = policies.rules ?? [];
  let floor: { mode: Mode; reason: string } | undefined;
  const raise = (candidate: Mode, why: string) => {
    if (floor === undefined || STRICTNESS[candidate] > STRICTNESS[floor.mode]) floor = { mode: candidate, reason: why };
  };
  const environmentFloor = policies.environmentFloors[placement.environment];
  if (environmentFloor !== undefined)
    raise(environmentFloor, `${placement.environment} (${placement.reason}): at least ${environmentFloor}`);
  const platformFloor = PLATFORM_FLOORS[risk];
  if (platformFloor !== undefined) raise(platformFloor, `platform minimum for ${risk} risk: at least ${platformFloor}`);
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
    if (rule.atLeast !== undefined) raise(rule.atLeast, `${described}: at least ${rule.atLeast}`);
  }
  if (action === 'silence_alert' && !identifiesOneAlert(labels)) {
    raise('approval', 'the alert is too generic for an automatic silence: at least approval');
  }
  if (floor !== undefined && STRICTNESS[floor.mode] > STRICTNESS[mode]) return { risk, mode: floor.mode, reason: floor.reason };
  return { risk, mode, reason };
}
