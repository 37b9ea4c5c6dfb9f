/**
 * Triage one queued event: decide a firing alert's category, team, severity, priority and
 * proposed action through the router chain (with the limits of the action's target), put the
 * alert in its incident, and store the decision and the incident id on the alert; a resolution
 * marks that decision superseded. Idempotent: the decision carries the event id, and the same
 * event delivered twice stores one decision.
 */

import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { TriageMessage } from '../../domain/alerts/triage-message.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import type { TargetStore } from '../../domain/remediation/target-store.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { TriageDecision } from '../../domain/triage/decision.ts';
import type { RouterStep } from '../../domain/triage/router-step.ts';
import { type Grouped, groupAlert, type IncidentDeps } from '../incidents/group-alert.ts';
import type { DeliveryDeps } from '../ingest/deliver-owed-events.ts';
import { limitedAction } from '../remediation/remediation-targets.ts';
import type { LearnedModels } from './learned-models.ts';
import { routeAlert } from './route-alert.ts';
import { type DecisionChange, storeDecision } from './store-decision.ts';

export interface TriageDeps extends DeliveryDeps, IncidentDeps {
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly steps: readonly RouterStep[];
  /** The tenant's learned model (learned-models.ts); absent: nothing learned applies. */
  readonly learned?: Pick<LearnedModels, 'of'>;
  readonly targets: TargetStore;
  readonly now?: () => Date;
}

export type TriageOutcome =
  | { readonly result: 'decided'; readonly decision: TriageDecision; readonly grouped?: Grouped; readonly alert?: AlertRecord }
  | { readonly result: 'duplicate' | 'stale' | 'superseded' | 'nothing-to-supersede' };

/** Thrown for an event naming an alert that is not there: retried, then dead-lettered. */
export class AlertNotFoundError extends Error {
  override name = 'AlertNotFoundError';
}

async function load(alerts: AlertStore, message: TriageMessage): Promise<AlertRecord> {
  const alert = await alerts.get(message.tenant, message.alertId);
  if (alert === undefined) throw new AlertNotFoundError(`Alert ${message.alertId} of ${message.tenant} does not exist`);
  return alert;
}

/** Stores the decision `change` gives, re-reading on conflicts (store-decision.ts). */
async function updateDecision(
  deps: TriageDeps,
  message: TriageMessage,
  first: AlertRecord,
  now: Date,
  change: (alert: AlertRecord) => DecisionChange<TriageOutcome> | { skip: TriageOutcome },
): Promise<TriageOutcome> {
  const stored = await storeDecision(deps, message, () => load(deps.alerts, message), now, change, first);
  // The record as written: acting on the decision needs no second read.
  return stored.result.result === 'decided' && stored.record !== undefined ? { ...stored.result, alert: stored.record } : stored.result;
}

function auditOf(type: 'triage.decided', message: TriageMessage, decision: TriageDecision, now: Date): AuditEvent {
  return {
    eventId: `${message.eventId}:${type}${decision.supersededAt === undefined ? '' : ':superseded'}`,
    tenant: message.tenant,
    time: now.toISOString(),
    type,
    actor: 'system',
    subjects: { alertId: message.alertId },
    correlationId: message.correlationId,
    data: {
      revision: decision.revision,
      category: decision.category,
      team: decision.team ?? null,
      service: decision.service ?? null,
      severity: decision.severity,
      priority: decision.priority,
      decidedBy: decision.decidedBy,
      confidence: decision.confidence,
      // What the LLM used, for the counters (dashboard, metrics); absent for rules and the classifier.
      tokens: decision.tokens ?? null,
      costUsd: decision.costUsd ?? null,
      latencyMs: decision.latencyMs,
      // The providers tried before the decider, for each model's abstention rate.
      llmAbstentions: decision.abstentions.flatMap((abstention) => (abstention.llm === undefined ? [] : [abstention.llm])),
      action:
        decision.action === undefined
          ? null
          : { name: decision.action.name, params: decision.action.params, risk: decision.action.risk, mode: decision.action.mode },
      supersededAt: decision.supersededAt ?? null,
    },
  };
}

export async function triageAlert(deps: TriageDeps, message: TriageMessage): Promise<TriageOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const alert = await load(deps.alerts, message);

  if (message.type === 'alert.resolved') {
    return updateDecision(deps, message, alert, now, (current) => {
      const decision = current.decision;
      if (decision === undefined || decision.revision !== message.revision || decision.supersededAt !== undefined) {
        return { skip: { result: 'nothing-to-supersede' } };
      }
      const superseded = { ...decision, supersededAt: now.toISOString() };
      return {
        decision: superseded,
        audit: [auditOf('triage.decided', { ...message, eventId: decision.eventId }, superseded, now)],
        result: { result: 'superseded' },
      };
    });
  }

  if (alert.decision?.eventId === message.eventId) return { result: 'duplicate' };
  if (alert.revision !== message.revision) return { result: 'stale' };

  const [config, learned] = await Promise.all([deps.configOf(message.tenant), deps.learned?.of(message.tenant)]);
  const context = {
    tenant: message.tenant,
    alert,
    config,
    ...(learned === undefined ? {} : { learned: learned.model, outcomes: learned.outcomes }),
  };
  const proposed = await routeAlert(deps.steps, context, { eventId: message.eventId, now });
  // The target's limits and the incident are independent reads and writes: both at once.
  // An alert that resolved before its triage ran opens no incident.
  const [action, grouped] = await Promise.all([
    proposed.action === undefined ? undefined : limitedAction(deps.targets, alert.tenant, alert.id, proposed.action, config, now),
    alert.status === 'resolved' ? undefined : groupAlert(deps, alert, proposed, config, { at: now, correlationId: message.correlationId }),
  ]);
  const routed = action === undefined ? proposed : { ...proposed, action };
  return updateDecision(deps, message, alert, now, (current) => {
    if (current.decision?.eventId === message.eventId) return { skip: { result: 'duplicate' } };
    if (current.revision !== message.revision) return { skip: { result: 'stale' } };
    // Resolved before its triage ran: the decision is kept for the record, already superseded.
    const decision = current.status === 'resolved' ? { ...routed, supersededAt: current.resolvedAt ?? now.toISOString() } : routed;
    return {
      decision,
      ...(grouped === undefined ? {} : { incidentId: grouped.incident.id }),
      audit: [auditOf('triage.decided', message, decision, now), ...(grouped?.events ?? [])],
      result: { result: 'decided', decision, ...(grouped === undefined ? {} : { grouped }) },
    };
  });
}
