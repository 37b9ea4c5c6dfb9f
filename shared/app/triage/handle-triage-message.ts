/**
 * What the triage consumer does with one message: decide (or see that the decision stands), then
 * act on it: a firing alert's proposal starts its remediation or tells the tenant; a resolution
 * cancels the approvals still waiting on the alert. Every step is idempotent, so a redelivered
 * message repeats nothing that already happened.
 */

import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { TriageMessage } from '../../domain/alerts/triage-message.ts';
import type { Incident } from '../../domain/incidents/incident.ts';
import type { IncidentSummary } from '../../domain/incidents/incident-store.ts';
import type { IncidentNotificationType } from '../../domain/notifications/notification-event.ts';
import type { TriageDecision } from '../../domain/triage/decision.ts';
import { briefOf, tellIncident } from '../incidents/incident-notifications.ts';
import { resolveAlertInIncident } from '../incidents/resolve-alert.ts';
import { actOnDecision } from '../remediation/act-on-decision.ts';
import { cancelApprovalsOf } from '../remediation/cancel-approvals.ts';
import type { RemediationDeps } from '../remediation/deps.ts';
import { type TriageDeps, triageAlert } from './triage-alert.ts';

export interface TriageMessageDeps {
  readonly triage: TriageDeps;
  readonly remediation: RemediationDeps;
}

function tell(
  deps: TriageMessageDeps,
  correlationId: string,
  type: IncidentNotificationType,
  incident: Incident | (IncidentSummary & { readonly title?: string }),
  alert: AlertRecord,
  at: string,
  decision?: TriageDecision,
): Promise<void> {
  const facts = { alert, at, ...(decision === undefined ? {} : { decision }) };
  return tellIncident(deps.remediation, type, incident.tenant, briefOf(incident), facts, correlationId);
}

export async function handleTriageMessage(deps: TriageMessageDeps, message: TriageMessage): Promise<void> {
  const log = deps.triage.log;
  // Records run in parallel: keys go on each line, not on the shared logger.
  const keys = { tenant: message.tenant, correlationId: message.correlationId, eventId: message.eventId };
  const outcome = await triageAlert(deps.triage, message);
  if (outcome.result === 'decided') {
    const { decision } = outcome;
    log.info('triage decided', {
      ...keys,
      category: decision.category,
      team: decision.team,
      priority: decision.priority,
      decidedBy: decision.decidedBy,
      action:
        decision.action === undefined ? undefined : { name: decision.action.name, risk: decision.action.risk, mode: decision.action.mode },
    });
  } else {
    log.info(`triage ${outcome.result}`, keys);
  }
  const resolvedMeanwhile = outcome.result === 'decided' && outcome.decision.supersededAt !== undefined;
  const alert =
    message.type === 'alert.resolved' || resolvedMeanwhile ? await deps.triage.alerts.get(message.tenant, message.alertId) : undefined;
  // A resolution marks the alert in its incident (which resolves with its last firing alert); so
  // does a decision stored for an alert that resolved meanwhile, whose resolution found no incident yet.
  if (alert?.incidentId !== undefined && alert.status === 'resolved' && alert.revision === message.revision) {
    const resolution = await resolveAlertInIncident(
      deps.triage,
      { tenant: message.tenant, incidentId: alert.incidentId, alertId: alert.id, revision: alert.revision },
      { at: (deps.triage.now ?? (() => new Date()))(), correlationId: message.correlationId },
    );
    if (resolution !== undefined && resolution.events.length > 0) await deps.triage.audit.send(resolution.events);
    if (resolution?.closed === true)
      log.info('incident resolved: its last alert resolved', { ...keys, incidentId: resolution.incident.id });
    if (resolution?.closedNow === true) {
      await tell(
        deps,
        message.correlationId,
        'incident-resolved',
        resolution.incident,
        alert,
        resolution.incident.resolvedAt ?? alert.updatedAt,
      );
    }
  }
  // An alert that opened (or reopened) its incident announces it, once: the message that decided it.
  if (outcome.result === 'decided' && outcome.grouped?.announce !== undefined && outcome.alert !== undefined) {
    const { announce, incident } = outcome.grouped;
    await tell(
      deps,
      message.correlationId,
      announce.type,
      { ...incident, title: announce.title },
      outcome.alert,
      outcome.decision.decidedAt,
      outcome.decision,
    );
  }
  if (message.type === 'alert.resolved') {
    const cancelled = await cancelApprovalsOf(deps.remediation, message.tenant, message.alertId, message.correlationId);
    if (cancelled > 0) log.info('approvals cancelled: the alert resolved', { ...keys, cancelled });
    return;
  }
  const decided = outcome.result === 'decided' ? outcome : undefined;
  const acted = await actOnDecision(deps.remediation, message, outcome.result, decided?.alert, decided?.grouped?.announce !== undefined);
  if (acted !== 'none') log.info(`remediation ${acted}`, keys);
}
