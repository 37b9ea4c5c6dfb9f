/**
 * The router chain: the tenant's rules, then its LLM providers, then the keyless classifier;
 * the first proposal wins. Rules that matched without setting a category still apply what they
 * set. Then the action (from a rule, the deciding step, or a playbook) gets its risk and the mode
 * the tenant's policy gives it: the LLM never decides either.
 */

import { playbookFor } from '../../domain/actions/playbooks.ts';
import { modeFor, withinPolicy } from '../../domain/actions/policy.ts';
import { actionOf } from '../../domain/actions/registry.ts';
import { SEVERITIES, type Severity } from '../../domain/alerts/alert.ts';
import { describeRecord, historyKey, rejectionsSince } from '../../domain/stats/action-history.ts';
import { environmentOf } from '../../domain/tenants/tenant-config.ts';
import {
  type Abstention,
  PRIORITIES,
  type Priority,
  type Proposal,
  type ProposedAction,
  type ReviewRequest,
  type TriageDecision,
} from '../../domain/triage/decision.ts';
import { predictKeyless } from '../../domain/triage/keyless/keyless-step.ts';
import type { RouteContext, RouterStep } from '../../domain/triage/router-step.ts';
import { applyRoutingRules } from '../../domain/triage/routing-rules.ts';

export const PRIORITY_BY_SEVERITY: Readonly<Record<Severity, Priority>> = { critical: 'P1', error: 'P2', warning: 'P3', info: 'P4' };

export interface RouteMeta {
  readonly eventId: string;
  readonly now: Date;
}

function proposedAction(
  context: RouteContext,
  proposal: Proposal,
  ruleAction: Proposal['action'],
  ruleId: string | undefined,
  now: Date,
): ProposedAction | { readonly noAction: string } {
  const { alert, config } = context;
  const match = ruleAction === undefined && proposal.action === undefined ? playbookFor(alert.name, alert.labels) : undefined;
  if (match !== undefined && 'miss' in match) return { noAction: match.miss };
  const chosen =
    ruleAction !== undefined
      ? { ...ruleAction, source: `rule:${ruleId ?? 'unknown'}` }
      : proposal.action !== undefined
        ? { ...proposal.action, source: proposal.decidedBy.kind }
        : match === undefined
          ? undefined
          : { name: match.action, params: match.params, source: `playbook:${match.playbook}` };
  if (chosen === undefined) return { noAction: 'nothing proposed an action' };
  const record = context.outcomes?.[historyKey(alert.name, chosen.name)];
  const stop = config.policies.stopProposing;
  if (record !== undefined && stop !== undefined) {
    const rejected = rejectionsSince(record, new Date(now.getTime() - stop.withinDays * 86_400_000));
    if (rejected >= stop.afterRejections)
      return {
        noAction: `${chosen.name} not proposed: rejected ${rejected} times for ${alert.name} in the last ${stop.withinDays} days (policies.stopProposing); ${describeRecord(record)}`,
      };
  }
  const history =
    record === undefined
      ? {}
      : { history: { approved: record.approved, rejected: record.rejected, failed: record.failed, summary: describeRecord(record) } };
  const placement = environmentOf(alert.labels, config.environments);
  const { risk, mode, reason: policyReason } = modeFor(chosen.name, alert.labels, config.policies, placement);
  const limited = withinPolicy(chosen.name, chosen.params, config.policies);
  const params = limited.params;
  const reason = limited.capped === undefined ? policyReason : `${policyReason}; ${limited.capped}`;
  // An action a model chose (from text anyone can put in an alert) never runs without a human,
  // and one whose effect the tenant defines (a runbook, a webhook) needs two.
  if (chosen.source === 'llm') {
    const least = actionOf(chosen.name).tenantRisked === true ? 'approval-2' : 'approval';
    if (mode === 'auto' || (least === 'approval-2' && mode === 'approval')) {
      return {
        name: chosen.name,
        params,
        risk,
        mode: least,
        modeReason: `${reason}; proposed by an LLM, so at least ${least}`,
        source: chosen.source,
        ...history,
      };
    }
  }
  return { name: chosen.name, params, risk, mode, modeReason: reason, source: chosen.source, ...history };
}

/**
 * Only the keyless classifier's confidence is calibrated (on services it never saw): a proposal
 * carries its guesses when its category is the classifier's. Below the tenant's threshold a
 * person should look rather than trust the guess.
 */
function reviewOf(proposal: Proposal, below: number): ReviewRequest | undefined {
  if (proposal.guesses === undefined || proposal.confidence >= below) return undefined;
  return { below, guesses: proposal.guesses ?? [{ category: proposal.category, confidence: proposal.confidence }] };
}

function moreUrgent(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) < SEVERITIES.indexOf(b);
}

/**
 * A proposer's priority may raise the one the severity gives, never lower it: text anyone can put
 * in an alert (a log line in its description) must not turn a critical alert into a P4.
 */
function atLeastAsUrgent(proposed: Priority | undefined, bySeverity: Priority): Priority {
  if (proposed === undefined) return bySeverity;
  return PRIORITIES.indexOf(proposed) < PRIORITIES.indexOf(bySeverity) ? proposed : bySeverity;
}

export async function routeAlert(steps: readonly RouterStep[], context: RouteContext, meta: RouteMeta): Promise<TriageDecision> {
  const { alert, config } = context;
  const rules = applyRoutingRules(config.routing.rules, alert.labels);
  const abstentions: Abstention[] = [];
  let proposal: Proposal | undefined;

  if (rules.categoryRule !== undefined && rules.set.category !== undefined) {
    proposal = {
      category: rules.set.category,
      confidence: 1,
      rationale: `Routing rule ${rules.categoryRule} matched (${rules.matched.join(' → ')}).`,
      decidedBy: { kind: 'rule', ruleId: rules.categoryRule },
      latencyMs: 0,
    };
  } else {
    for (const step of steps) {
      const result = await step.decide(context);
      abstentions.push(...result.abstentions);
      if (result.proposal !== undefined) {
        proposal = result.proposal;
        break;
      }
    }
  }
  if (proposal === undefined) throw new Error('the router chain ended without a decision; the keyless step must close it');

  const category = proposal.category;
  // What the tenant's own responders taught is more specific than the alert's label and the category map.
  const taught = proposal.decidedBy.kind === 'learned';
  // A learned severity may raise the one the alert was sent with, never lower it: a correction of
  // one alert of a name must not quieten another (a sandbox's crash loop, a production one).
  const learnedSeverity = taught ? proposal.severity : undefined;
  const severity =
    rules.set.severity ??
    (learnedSeverity !== undefined && (alert.severity === undefined || moreUrgent(learnedSeverity, alert.severity))
      ? learnedSeverity
      : undefined) ??
    alert.severity ??
    proposal.severity ??
    predictKeyless(alert).severity;
  const review = reviewOf(proposal, config.routing.reviewBelow);
  const ruleAction = rules.set.action;
  const ruleForAction =
    ruleAction === undefined
      ? undefined
      : rules.matched.find((id) => config.routing.rules.find((r) => r.id === id)?.set.action !== undefined);
  const action = proposedAction(context, proposal, ruleAction, ruleForAction, meta.now);
  return {
    eventId: meta.eventId,
    revision: alert.revision,
    decidedAt: meta.now.toISOString(),
    category,
    service: proposal.service,
    team:
      rules.set.team ??
      (taught ? proposal.team : undefined) ??
      (review === undefined ? undefined : config.routing.defaultTeam) ??
      config.routing.teams[category] ??
      proposal.team ??
      config.routing.defaultTeam,
    severity,
    priority: rules.set.priority ?? atLeastAsUrgent(proposal.priority, PRIORITY_BY_SEVERITY[severity]),
    ...('noAction' in action ? { noAction: action.noAction } : { action }),
    confidence: proposal.confidence,
    rationale: proposal.rationale,
    decidedBy: proposal.decidedBy,
    latencyMs: proposal.latencyMs,
    tokens: proposal.tokens,
    costUsd: proposal.costUsd,
    abstentions,
    ...(review === undefined ? {} : { needsReview: review }),
  };
}
