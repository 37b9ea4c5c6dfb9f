/**
 * A tenant's counters for one period (an hour, a day, or all time): what the dashboard and the
 * metrics endpoint read instead of scanning alerts. Each is folded from the audit chain by the
 * audit writer (count-events.ts), so a period's counters are exactly the facts the chain holds.
 */
import { addHistogram, emptyHistogram, type Histogram, LLM_LATENCY_BOUNDS_SECONDS } from './histogram.ts';

/** Counts by key (a severity, a category, an alert name…). */
export type Tally = Record<string, number>;

export interface LlmUsage {
  decisions: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Times the provider was tried and did not decide (failed, invalid answer, circuit open…). */
  abstentions: number;
  /** Its decisions a responder corrected later, and those whose category the correction changed. */
  corrected: number;
  overruled: number;
  /** Its decisions' latency, with LLM_LATENCY_BOUNDS_SECONDS. */
  latency: Histogram;
}

/** What became of one action proposed for alerts of one name (action-history.ts). */
export type Outcome = 'approved' | 'rejected' | 'failed';

export interface OutcomeEntry {
  readonly outcome: Outcome;
  readonly at: string;
  readonly reason?: string;
}

export interface ActionRecord {
  approved: number;
  rejected: number;
  failed: number;
  /** The latest outcomes, oldest first, at most RECENT_OUTCOMES. */
  recent: OutcomeEntry[];
}

/** Keyed by historyKey(alert name, action); bounded by MAX_KEYS. */
export type ActionHistory = Record<string, ActionRecord>;

export interface TenantStats {
  /** Alerts received (each new revision), by severity (`unknown` when the source gave none). */
  readonly alertsBySeverity: Tally;
  readonly alertsBySource: Tally;
  /** Alerts triaged, by the category decided. */
  readonly alertsByCategory: Tally;
  readonly incidentsBySeverity: Tally;
  readonly incidentsByCategory: Tally;
  /** Alerts received by alert name, and alerts triaged by service: the noisiest ones. Bounded, see MAX_KEYS. */
  readonly alertNames: Tally;
  readonly services: Tally;
  /** Decisions by who made them: `rule`, `llm`, `classifier`. */
  readonly deciders: Tally;
  /** Actions proposed, by the mode the tenant's policy gave them. */
  readonly actionsByMode: Tally;
  /** What became of actions, keyed `<mode>|<outcome>` (see outcomeKey). */
  readonly actionOutcomes: Tally;
  /** Approvals closed, by how: approved, rejected, expired, cancelled. */
  readonly approvals: Tally;
  /** Time from an incident's opening (or reopening) to its acknowledgement, and to its resolution. */
  readonly acknowledge: Histogram;
  readonly resolve: Histogram;
  /** Time from an approval's request to its decision (approved or rejected; expiry is not an answer). */
  readonly approvalLatency: Histogram;
  /** LLM decisions and their tokens and cost, keyed by llmKey(provider, model, variant). Bounded, see MAX_KEYS. */
  readonly llm: Record<string, LlmUsage>;
  /** All-time only (the total period): outcomes of each action by alert name, for triage to learn from. */
  readonly actionHistory: ActionHistory;
}

/**
 * Distinct keys a period keeps in its open-ended tallies (alert names, services, LLM models),
 * each at most MAX_KEY_LENGTH characters; further keys count under OTHER. A sender inventing long
 * names cannot grow a period past about 70 KB, far inside DynamoDB's 400 KB an item.
 */
export const MAX_KEYS = 100;
export const MAX_KEY_LENGTH = 200;
export const OTHER = '(other)';

export function emptyStats(): TenantStats {
  return {
    alertsBySeverity: {},
    alertsBySource: {},
    alertsByCategory: {},
    incidentsBySeverity: {},
    incidentsByCategory: {},
    alertNames: {},
    services: {},
    deciders: {},
    actionsByMode: {},
    actionOutcomes: {},
    approvals: {},
    acknowledge: emptyHistogram(),
    resolve: emptyHistogram(),
    approvalLatency: emptyHistogram(),
    llm: {},
    actionHistory: {},
  };
}

/** The key a bounded record files `key` under: itself (cut to MAX_KEY_LENGTH) while there is room, else OTHER. */
export function boundedKey(record: Readonly<Record<string, unknown>>, key: string): string {
  const cut = key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH - 1)}…` : key;
  return cut in record || Object.keys(record).length < MAX_KEYS ? cut : OTHER;
}

export function tallyUp(tally: Tally, key: string, by = 1): void {
  tally[key] = (tally[key] ?? 0) + by;
}

/** The usage counted under `key`, created at zero the first time. */
export function usageOf(llm: Record<string, LlmUsage>, key: string): LlmUsage {
  const usage = llm[key] ?? {
    decisions: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    abstentions: 0,
    corrected: 0,
    overruled: 0,
    latency: emptyHistogram(LLM_LATENCY_BOUNDS_SECONDS),
  };
  llm[key] = usage;
  return usage;
}

export function llmKey(provider: string, model: string, variant: string | undefined): string {
  return JSON.stringify([provider, model, variant ?? null]);
}

/**
 * The provider, model and variant of an llmKey. A key past the bounds (cut short, or OTHER) is no
 * longer JSON: it reads as provider `(other)` rather than failing every read of the period.
 */
export function parseLlmKey(key: string): { provider: string; model: string; variant?: string } {
  try {
    const parsed: unknown = JSON.parse(key);
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      const variant: unknown = parsed[2];
      return { provider: parsed[0], model: parsed[1], ...(typeof variant === 'string' ? { variant } : {}) };
    }
  } catch {
    // not JSON: a bounded key
  }
  return { provider: OTHER, model: key === OTHER ? OTHER : key };
}

export function outcomeKey(mode: string, outcome: string): string {
  return `${mode}|${outcome}`;
}

const TALLIES = [
  'alertsBySeverity',
  'alertsBySource',
  'alertsByCategory',
  'incidentsBySeverity',
  'incidentsByCategory',
  'alertNames',
  'services',
  'deciders',
  'actionsByMode',
  'actionOutcomes',
  'approvals',
] as const;
const HISTOGRAMS = ['acknowledge', 'resolve', 'approvalLatency'] as const;

/** Adds `other` into `into`: a range's periods summed, in memory (each period is bounded already). */
export function addStats(into: TenantStats, other: TenantStats): void {
  for (const name of TALLIES) {
    for (const [key, count] of Object.entries(other[name])) tallyUp(into[name], key, count);
  }
  for (const name of HISTOGRAMS) addHistogram(into[name], other[name]);
  for (const [key, usage] of Object.entries(other.llm)) {
    const sum = usageOf(into.llm, key);
    sum.decisions += usage.decisions;
    sum.inputTokens += usage.inputTokens;
    sum.outputTokens += usage.outputTokens;
    sum.costUsd += usage.costUsd;
    sum.abstentions += usage.abstentions;
    sum.corrected += usage.corrected;
    sum.overruled += usage.overruled;
    addHistogram(sum.latency, usage.latency);
  }
}
