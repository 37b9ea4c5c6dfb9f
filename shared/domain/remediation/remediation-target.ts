/**
 * One remediation per target. An action's target key names what it acts on
 * (`restart_workload:payments/deployment/checkout-api`); per tenant and target at most one
 * execution is pending or running, and after one ends the target rests: a cool-down, and a
 * breaker that opens past N executions in an hour. Pure: the store makes each change a
 * conditional write on `version`, so alerts racing for one target cannot both claim it.
 */
import { type ActionName, actionOf } from '../actions/registry.ts';
import { canonicalJson } from '../audit/canonical-json.ts';

export interface TargetLimits {
  readonly cooldownMinutes: number;
  readonly maxExecutionsPerHour: number;
}

/** The execution holding a target: pending approval or running. */
export interface TargetClaim {
  readonly execution: string;
  readonly alertId: string;
  readonly approvalId?: string;
  readonly since: string;
  /** After this the claim is stale (its workflow never ended): another may take the target. */
  readonly until: string;
  /**
   * Alerts that joined before the claim's approval existed (its workflow writes it a moment after
   * starting): the approval takes them over when it is written.
   */
  readonly joined?: readonly JoinedAlert[];
}

export interface JoinedAlert {
  readonly alertId: string;
  readonly revision: number;
  readonly incidentId?: string;
  readonly at: string;
}

/** A claim keeps at most this many early joiners (an approval lists as many). */
export const MAX_EARLY_JOINERS = 200;

/** The target with `alert` among its claim's early joiners; undefined when nothing changes. */
export function withJoiner(state: TargetState, execution: string, alert: JoinedAlert): TargetState | undefined {
  const claim = state.claim;
  if (claim?.execution !== execution) return undefined;
  const joined = claim.joined ?? [];
  if (joined.some((known) => known.alertId === alert.alertId) || joined.length >= MAX_EARLY_JOINERS) return undefined;
  return { ...state, claim: { ...claim, joined: [...joined, alert] }, version: state.version + 1 };
}

export interface TargetState {
  readonly tenant: string;
  readonly targetKey: string;
  readonly claim?: TargetClaim;
  /** When each execution of the last hour ended, oldest first. */
  readonly executions: readonly string[];
  readonly lastExecution?: { readonly at: string; readonly execution: string; readonly status: 'executed' | 'failed' };
  /** When people were last told its breaker is open: once an hour, not once per alert. */
  readonly escalatedAt?: string;
  readonly version: number;
}

/** The target marked escalated now, or undefined when people were told within the hour. */
export function escalatedTarget(state: TargetState, now: Date): TargetState | undefined {
  if (state.escalatedAt !== undefined && now.getTime() - Date.parse(state.escalatedAt) < HOUR_MS) return undefined;
  return { ...state, escalatedAt: now.toISOString(), version: state.version + 1 };
}

/** Why an action on this target may not be proposed now. */
export interface Suppression {
  readonly kind: 'cool-down' | 'breaker';
  readonly reason: string;
}

const HOUR_MS = 3_600_000;

/**
 * `restart_workload:payments/deployment/checkout-api`: the action and what its params point at.
 * An action's definition may say which params are its target; without that its target is the
 * alert it is for (a silence, a notification), so unrelated alerts never share one.
 */
export function targetKeyOf(
  action: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> },
  alertId: string,
): string {
  const definition = actionOf(action.name);
  // With the schema's defaults applied: `{name}` and `{kind: 'deployment', name}` are one target.
  const parsed = definition.params.safeParse(action.params);
  const params = parsed.success ? parsed.data : action.params;
  const target = definition.target === undefined ? `alert/${alertId}/${canonicalJson(params)}` : definition.target(params as never);
  return `${action.name}:${target}`.slice(0, 512);
}

function hhmm(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

function recent(state: TargetState | undefined, now: Date): string[] {
  return (state?.executions ?? []).filter((at) => now.getTime() - Date.parse(at) < HOUR_MS);
}

/** Why the action may not be proposed on this target now, or undefined. */
export function suppressionOf(state: TargetState | undefined, limits: TargetLimits, now: Date): Suppression | undefined {
  const executions = recent(state, now);
  if (executions.length >= limits.maxExecutionsPerHour) {
    return {
      kind: 'breaker',
      reason: `breaker open: ${executions.length} executions on this target in the last hour (at most ${limits.maxExecutionsPerHour}); escalated to people`,
    };
  }
  const last = state?.lastExecution;
  if (last !== undefined && now.getTime() - Date.parse(last.at) < limits.cooldownMinutes * 60_000) {
    const ends = new Date(Date.parse(last.at) + limits.cooldownMinutes * 60_000).toISOString();
    return {
      kind: 'cool-down',
      reason: `cool-down after the ${last.status === 'failed' ? 'failed ' : ''}execution at ${hhmm(last.at)}, until ${hhmm(ends)}`,
    };
  }
  return undefined;
}

/** The live claim on the target, if any (a stale one does not count). */
export function liveClaim(state: TargetState | undefined, now: Date): TargetClaim | undefined {
  const claim = state?.claim;
  if (claim === undefined || Date.parse(claim.until) <= now.getTime()) return undefined;
  return claim;
}

export type ClaimResult =
  | { readonly result: 'claimed'; readonly state: TargetState }
  /** This execution holds it already (a redelivered message): go on. */
  | { readonly result: 'held' }
  | { readonly result: 'taken'; readonly claim: TargetClaim }
  | { readonly result: 'suppressed'; readonly suppression: Suppression };

/**
 * Claims the target for `claim`'s execution. Without `limits` (a person asked for the action)
 * the cool-down and the breaker do not apply; one execution at a time still does.
 */
export function claimTarget(
  state: TargetState | undefined,
  key: { readonly tenant: string; readonly targetKey: string },
  claim: TargetClaim,
  limits: TargetLimits | undefined,
  now: Date,
): ClaimResult {
  const live = liveClaim(state, now);
  if (live?.execution === claim.execution) return { result: 'held' };
  if (live !== undefined) return { result: 'taken', claim: live };
  const suppression = limits === undefined ? undefined : suppressionOf(state, limits, now);
  if (suppression !== undefined) return { result: 'suppressed', suppression };
  return {
    result: 'claimed',
    state: {
      tenant: key.tenant,
      targetKey: key.targetKey,
      ...(state?.lastExecution === undefined ? {} : { lastExecution: state.lastExecution }),
      ...(state?.escalatedAt === undefined ? {} : { escalatedAt: state.escalatedAt }),
      executions: recent(state, now),
      claim,
      version: (state?.version ?? 0) + 1,
    },
  };
}

/**
 * The target once `execution` ended; an execution that ran starts the cool-down and counts for
 * the breaker. Undefined when it did not hold the target (nothing to change).
 */
export function releasedTarget(
  state: TargetState,
  execution: string,
  ran: 'executed' | 'failed' | undefined,
  at: string,
): TargetState | undefined {
  if (state.claim?.execution !== execution) return undefined;
  const { claim: _claim, ...rest } = state;
  const now = new Date(at);
  if (ran === undefined) return { ...rest, executions: recent(state, now), version: state.version + 1 };
  return {
    ...rest,
    executions: [...recent(state, now), at],
    lastExecution: { at, execution, status: ran },
    version: state.version + 1,
  };
}
