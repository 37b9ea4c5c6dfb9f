/**
 * Folds audit events into a period's counters. The chain is the one record of what happened, so
 * the counters are derived from it and from nothing else. Events written before a field existed
 * (an approval's requestedAt, a decision's tokens) still count; only the figure they lack is skipped.
 */
import type { AuditEvent } from '../audit/audit-event.ts';
import { LLM_LATENCY_BOUNDS_SECONDS, observe } from './histogram.ts';
import { boundedKey, llmKey, outcomeKey, type TenantStats, tallyUp, usageOf } from './tenant-stats.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function number(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Seconds from `since` (an ISO time in the event's data) to the event; undefined without one. */
function secondsSince(event: AuditEvent, since: unknown): number | undefined {
  const start = Date.parse(text(since) ?? '');
  const end = Date.parse(event.time);
  return Number.isNaN(start) || Number.isNaN(end) ? undefined : (end - start) / 1000;
}

function countDecision(stats: TenantStats, data: Readonly<Record<string, unknown>>): void {
  // A decision re-sent as superseded (its alert resolved) was counted when it was made.
  if (data.supersededAt !== null && data.supersededAt !== undefined) return;
  tallyUp(stats.alertsByCategory, text(data.category) ?? 'unknown');
  const service = text(data.service);
  if (service !== undefined) tallyUp(stats.services, boundedKey(stats.services, service));
  const decidedBy = record(data.decidedBy);
  tallyUp(stats.deciders, text(decidedBy.kind) ?? 'unknown');
  const mode = text(record(data.action).mode);
  if (mode !== undefined) tallyUp(stats.actionsByMode, mode);
  if (decidedBy.kind !== 'llm') return;
  const key = boundedKey(
    stats.llm,
    llmKey(text(decidedBy.provider) ?? 'unknown', text(decidedBy.model) ?? 'unknown', text(decidedBy.variant)),
  );
  const usage = usageOf(stats.llm, key);
  const tokens = record(data.tokens);
  usage.decisions += 1;
  usage.inputTokens += number(tokens.input);
  usage.outputTokens += number(tokens.output);
  usage.costUsd += number(data.costUsd);
  if (typeof data.latencyMs === 'number') observe(usage.latency, data.latencyMs / 1000, LLM_LATENCY_BOUNDS_SECONDS);
}

/** The usage key of the LLM a decidedBy or an abstention names. */
function llmKeyOf(stats: TenantStats, llm: Readonly<Record<string, unknown>>): string {
  return boundedKey(stats.llm, llmKey(text(llm.provider) ?? 'unknown', text(llm.model) ?? 'unknown', text(llm.variant)));
}

function countAbstentions(stats: TenantStats, data: Readonly<Record<string, unknown>>): void {
  if (data.supersededAt !== null && data.supersededAt !== undefined) return;
  const tried = Array.isArray(data.llmAbstentions) ? data.llmAbstentions : [];
  for (const llm of tried) usageOf(stats.llm, llmKeyOf(stats, record(llm))).abstentions += 1;
}

/**
 * A correction that overrode an LLM's own decision (not an earlier correction of it): the model
 * was corrected, and overruled when its category changed. Events from before `replaced` was
 * recorded fall back to `original`.
 */
function countCorrection(stats: TenantStats, data: Readonly<Record<string, unknown>>): void {
  const original = record(data.replaced ?? data.original);
  const decidedBy = record(original.decidedBy);
  if (decidedBy.kind !== 'llm') return;
  const usage = usageOf(stats.llm, llmKeyOf(stats, decidedBy));
  usage.corrected += 1;
  const category = text(record(data.set).category);
  if (category !== undefined && category !== text(original.category)) usage.overruled += 1;
}

function countOutcome(stats: TenantStats, data: Readonly<Record<string, unknown>>, outcome: string): void {
  tallyUp(stats.actionOutcomes, outcomeKey(text(data.mode) ?? 'unknown', outcome));
}

/** Adds one event to `stats`. */
export function countEvent(stats: TenantStats, event: AuditEvent): void {
  const data = event.data;
  switch (event.type) {
    case 'alert.received': {
      tallyUp(stats.alertsBySeverity, text(data.severity) ?? 'unknown');
      tallyUp(stats.alertsBySource, text(data.source) ?? 'unknown');
      const name = text(data.name);
      if (name !== undefined) tallyUp(stats.alertNames, boundedKey(stats.alertNames, name));
      return;
    }
    case 'triage.decided':
      countDecision(stats, data);
      countAbstentions(stats, data);
      return;
    case 'triage.corrected':
      countCorrection(stats, data);
      return;
    case 'incident.opened':
      tallyUp(stats.incidentsBySeverity, text(data.severity) ?? 'unknown');
      tallyUp(stats.incidentsByCategory, text(data.category) ?? 'unknown');
      return;
    case 'incident.acknowledged':
    case 'incident.resolved': {
      const seconds = secondsSince(event, data.openedAt);
      if (seconds !== undefined) observe(event.type === 'incident.acknowledged' ? stats.acknowledge : stats.resolve, seconds);
      return;
    }
    case 'approval.approved':
    case 'approval.rejected': {
      tallyUp(stats.approvals, event.type.slice('approval.'.length));
      const seconds = secondsSince(event, data.requestedAt);
      if (seconds !== undefined) observe(stats.approvalLatency, seconds);
      return;
    }
    case 'approval.expired':
    case 'approval.cancelled':
      tallyUp(stats.approvals, event.type.slice('approval.'.length));
      return;
    case 'action.executed':
      countOutcome(stats, data, text(data.status) ?? 'succeeded');
      return;
    case 'action.failed':
      countOutcome(stats, data, 'failed');
      return;
    case 'action.skipped':
    case 'action.suppressed':
    case 'action.deduplicated':
      countOutcome(stats, data, event.type.slice('action.'.length));
      return;
    default:
      return;
  }
}
