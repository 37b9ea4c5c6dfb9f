/**
 * Triage one queued event: decide a firing alert's category, team, severity, priority and
 * proposed action through the router chain, and store the decision on the alert; a resolution
 * marks that decision superseded. Idempotent: the decision carries the event id, and the same
 * event delivered twice stores one decision.
 */
import type { TenantConfig } from '../config/tenant-config.ts';
import type { AlertRecord } from '../domain/alert-record.ts';
import type { AlertStore } from '../domain/alert-store.ts';
import { ConflictError } from '../domain/errors.ts';
import type { TriageMessage } from '../domain/triage-message.ts';
import type { TriageDecision } from '../routing/decision.ts';
import { routeAlert } from '../routing/route-alert.ts';
import type { RouterStep } from '../routing/router-step.ts';

export interface TriageDeps {
  readonly alerts: AlertStore;
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly steps: readonly RouterStep[];
  readonly now?: () => Date;
}

export type TriageOutcome =
  | { readonly result: 'decided'; readonly decision: TriageDecision }
  | { readonly result: 'duplicate' | 'stale' | 'superseded' | 'nothing-to-supersede' };

/** Thrown for an event naming an alert that is not there: retried, then dead-lettered. */
export class AlertNotFoundError extends Error {
  override name = 'AlertNotFoundError';
}

const MAX_ATTEMPTS = 5;

async function load(alerts: AlertStore, message: TriageMessage): Promise<AlertRecord> {
  const alert = await alerts.get(message.tenant, message.alertId);
  if (alert === undefined) throw new AlertNotFoundError(`Alert ${message.alertId} of ${message.tenant} does not exist`);
  return alert;
}

/** Re-applies `change` to a fresh read until the conditional write lands or `change` declines. */
async function updateDecision(
  alerts: AlertStore,
  message: TriageMessage,
  first: AlertRecord,
  change: (alert: AlertRecord) => { decision: TriageDecision; result: TriageOutcome } | { skip: TriageOutcome },
): Promise<TriageOutcome> {
  let alert = first;
  for (let attempt = 1; ; attempt++) {
    const next = change(alert);
    if ('skip' in next) return next.skip;
    try {
      await alerts.save({ record: { ...alert, decision: next.decision }, expectedVersion: alert.version });
      return next.result;
    } catch (error: unknown) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      alert = await load(alerts, message);
    }
  }
}

export async function triageAlert(deps: TriageDeps, message: TriageMessage): Promise<TriageOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const alert = await load(deps.alerts, message);

  if (message.type === 'alert.resolved') {
    return updateDecision(deps.alerts, message, alert, (current) => {
      const decision = current.decision;
      if (decision === undefined || decision.revision !== message.revision || decision.supersededAt !== undefined) {
        return { skip: { result: 'nothing-to-supersede' } };
      }
      return { decision: { ...decision, supersededAt: now.toISOString() }, result: { result: 'superseded' } };
    });
  }

  if (alert.decision?.eventId === message.eventId) return { result: 'duplicate' };
  if (alert.revision !== message.revision) return { result: 'stale' };

  const config = await deps.configOf(message.tenant);
  const routed = await routeAlert(deps.steps, { tenant: message.tenant, alert, config }, { eventId: message.eventId, now });
  return updateDecision(deps.alerts, message, alert, (current) => {
    if (current.decision?.eventId === message.eventId) return { skip: { result: 'duplicate' } };
    if (current.revision !== message.revision) return { skip: { result: 'stale' } };
    // Resolved before its triage ran: the decision is kept for the record, already superseded.
    const decision = current.status === 'resolved' ? { ...routed, supersededAt: current.resolvedAt ?? now.toISOString() } : routed;
    return { decision, result: { result: 'decided', decision } };
  });
}
