/**
 * What became of an action proposed for alerts of one name: approvals approved and rejected, and
 * executions that failed, with the latest few and their reasons. Folded from the audit chain into
 * the tenant's all-time counters, read by triage so the next proposal of that action says how it
 * went before (and a tenant's policy can stop proposing what its people keep rejecting).
 */
import type { AuditEvent } from '../audit/audit-event.ts';
import { type ActionHistory, type ActionRecord, boundedKey, OTHER, type Outcome, type OutcomeEntry } from './tenant-stats.ts';

export type { ActionHistory, ActionRecord, Outcome, OutcomeEntry } from './tenant-stats.ts';

export const OUTCOMES = ['approved', 'rejected', 'failed'] as const satisfies readonly Outcome[];

export const RECENT_OUTCOMES = 10;
/**
 * Only the latest few keep their reason, cut to REASON_CHARS (at most 3 UTF-8 bytes a UTF-16
 * unit): MAX_KEYS records stay near 130 KB, well inside the all-time counters' item (400 KB).
 */
export const RECENT_REASONS = 3;
export const REASON_CHARS = 100;

export function historyKey(alertName: string, action: string): string {
  return `${action} for ${alertName}`;
}

const clip = (text: string) => (text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS - 1)}…` : text);

/** Adds one outcome (a no-op for keys past the bound: a lumped record would describe no action). */
export function recordOutcome(history: ActionHistory, alertName: string, action: string, entry: OutcomeEntry): void {
  const key = boundedKey(history, historyKey(alertName, action));
  if (key === OTHER) return;
  const record = history[key] ?? { approved: 0, rejected: 0, failed: 0, recent: [] };
  record[entry.outcome] += 1;
  const recent = [...record.recent, { ...entry, ...(entry.reason === undefined ? {} : { reason: clip(entry.reason) }) }].slice(
    -RECENT_OUTCOMES,
  );
  record.recent = recent.map((kept, i) =>
    i < recent.length - RECENT_REASONS && kept.reason !== undefined ? { outcome: kept.outcome, at: kept.at } : kept,
  );
  history[key] = record;
}

/** e.g. "rejected 3 of the last 4 times; last reason: 'restart does not help, OOM'". */
export function describeRecord(record: ActionRecord): string {
  const decided = record.recent.filter((entry) => entry.outcome !== 'failed');
  const rejected = decided.filter((entry) => entry.outcome === 'rejected').length;
  const failed = record.recent.length - decided.length;
  const parts = [
    ...(decided.length === 0
      ? []
      : [rejected > 0 ? `rejected ${rejected} of the last ${decided.length} times` : `approved the last ${decided.length} times`]),
    ...(failed === 0 ? [] : [`failed ${failed} of the last ${record.recent.length} outcomes`]),
  ];
  const reason = [...record.recent].reverse().find((entry) => entry.reason !== undefined)?.reason;
  return `${parts.join('; ')}${reason === undefined ? '' : `; last reason: '${reason}'`}`;
}

/** Rejections at or after `since`. */
export function rejectionsSince(record: ActionRecord, since: Date): number {
  return record.recent.filter((entry) => entry.outcome === 'rejected' && Date.parse(entry.at) >= since.getTime()).length;
}

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * Adds an approval's decision or an execution's failure to `history`; other events, and events
 * from before they carried the alert name and action, change nothing.
 */
export function foldOutcome(history: ActionHistory, event: AuditEvent): void {
  const outcome = outcomeOf(event);
  if (outcome === undefined) return;
  const alertName = text(event.data.alertName);
  const action = event.data.action;
  const actionName = text(typeof action === 'object' && action !== null ? Reflect.get(action, 'name') : action);
  if (alertName === undefined || actionName === undefined) return;
  const reason = text(outcome === 'failed' ? event.data.error : event.data.reason);
  recordOutcome(history, alertName, actionName, { outcome, at: event.time, ...(reason === undefined ? {} : { reason }) });
}

/** The outcome an audit event records for the history, if it is one of those. */
export function outcomeOf(event: Pick<AuditEvent, 'type'>): Outcome | undefined {
  switch (event.type) {
    case 'approval.approved':
      return 'approved';
    case 'approval.rejected':
      return 'rejected';
    case 'action.failed':
      return 'failed';
    default:
      return undefined;
  }
}
