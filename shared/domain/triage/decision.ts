/** A triage decision: who owns the alert, how urgent it is, and what (if anything) to do about it. */
import type { ActionName } from '../actions/registry.ts';
import type { Risk } from '../actions/risk.ts';
import type { Severity } from '../alerts/alert.ts';
import type { Category } from './categories.ts';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const MODES = ['auto', 'approval', 'approval-2', 'notify-only', 'forbidden'] as const;
/** What the tenant's policy lets happen with a proposed action, from least to most restrictive. */
export type Mode = (typeof MODES)[number];

/** Who made a decision. */
export type DecidedBy =
  | { readonly kind: 'rule'; readonly ruleId: string }
  | { readonly kind: 'llm'; readonly provider: string; readonly model: string; readonly promptVersion: string; readonly variant?: string }
  | { readonly kind: 'classifier'; readonly version: string }
  /** Routed by what the tenant learned from an earlier correction (of another alert). */
  | { readonly kind: 'learned'; readonly correctionId: string; readonly by: string }
  /** A responder corrected this alert's decision. */
  | { readonly kind: 'correction'; readonly correctionId: string; readonly by: string };

/** What triage decided before a responder corrected it, kept beside the correction. */
export type OriginalDecision = Pick<
  TriageDecision,
  'decidedAt' | 'category' | 'service' | 'team' | 'severity' | 'priority' | 'confidence' | 'rationale' | 'decidedBy' | 'needsReview'
>;

/** A decision the router was unsure of: it went to the tenant's review team, with its best guesses. */
export interface ReviewRequest {
  /** The tenant's threshold the confidence fell below. */
  readonly below: number;
  readonly guesses: readonly { readonly category: Category; readonly confidence: number }[];
}

/** What one step of the router chain proposes; the chain's first proposal wins. */
export interface Proposal {
  readonly category: Category;
  readonly service?: string;
  readonly team?: string;
  readonly severity?: Severity;
  readonly priority?: Priority;
  readonly action?: { readonly name: ActionName; readonly params: Readonly<Record<string, unknown>> };
  readonly confidence: number;
  readonly rationale: string;
  readonly decidedBy: DecidedBy;
  readonly latencyMs: number;
  readonly tokens?: { readonly input: number; readonly output: number };
  readonly costUsd?: number;
  /** The likeliest categories, best first, when the proposer has them (the keyless classifier). */
  readonly guesses?: ReviewRequest['guesses'];
}

/** A step that could not or would not decide, and why (kept on the decision for the record). */
export interface Abstention {
  readonly step: string;
  readonly reason: string;
  readonly latencyMs: number;
  /** For an LLM provider that was tried: which (counted for GET /v1/stats/models). */
  readonly llm?: { readonly provider: string; readonly model: string; readonly variant?: string };
}

export interface ProposedAction {
  readonly name: ActionName;
  readonly params: Readonly<Record<string, unknown>>;
  readonly risk: Risk;
  readonly mode: Mode;
  /** Why this mode: the policy rule or default that gave it. */
  readonly modeReason: string;
  /** Where the action came from: the deciding step, a routing rule, or a playbook. */
  readonly source: string;
  /** What it acts on (see remediation/remediation-target.ts): one execution per tenant and target at a time. */
  readonly targetKey?: string;
  /** How this action went before for alerts of this name (action-history.ts), when it was proposed before. */
  readonly history?: { readonly approved: number; readonly rejected: number; readonly failed: number; readonly summary: string };
  /** Set when the target's limits stop it now: it is not started, and this says why. */
  readonly suppressed?: { readonly kind: 'cool-down' | 'breaker'; readonly reason: string };
}

export interface TriageDecision {
  readonly eventId: string;
  readonly revision: number;
  readonly decidedAt: string;
  readonly category: Category;
  readonly service?: string;
  readonly team?: string;
  readonly severity: Severity;
  readonly priority: Priority;
  readonly action?: ProposedAction;
  /** Why no action is proposed, when none is. */
  readonly noAction?: string;
  readonly confidence: number;
  readonly rationale: string;
  readonly decidedBy: DecidedBy;
  readonly latencyMs: number;
  readonly tokens?: { readonly input: number; readonly output: number };
  readonly costUsd?: number;
  readonly abstentions: readonly Abstention[];
  /** Set when the router was unsure: a person should look (the team is the tenant's review team). */
  readonly needsReview?: ReviewRequest;
  /** Set when a responder corrected the decision: what triage had decided. */
  readonly original?: OriginalDecision;
  /** Set when the alert resolved after this decision. */
  readonly supersededAt?: string;
}
