/**
 * A responder corrects an alert's triage decision: the correction is stored with what it teaches
 * the tenant's model, then the alert's decision shows the corrected values (the original kept
 * beside them) with a `triage.corrected` audit event in the same write. Each step is idempotent:
 * the correction's id is derived from the request, so a retried request repeats nothing.
 *
 * Undoing one reverses the order: the alert's decision goes back to the original (with
 * `triage.correction-removed`), then the correction and its example leave the model.
 */
import { createHash } from 'node:crypto';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import type { AuditEvent } from '../../domain/audit/audit-event.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/roles.ts';
import type { TenantConfig } from '../../domain/tenants/tenant-config.ts';
import type { OriginalDecision, TriageDecision } from '../../domain/triage/decision.ts';
import { type Correction, type CorrectionBody, correctionBodySchema } from '../../domain/triage/learning/correction.ts';
import { withExample, withoutExample } from '../../domain/triage/learning/learned-example.ts';
import type { LearningStore } from '../../domain/triage/learning/learning-store.ts';
import { exampleFrom } from '../../domain/triage/learning/tenant-model.ts';
import { validate } from '../../domain/validation.ts';
import type { DeliveryDeps } from '../ingest/deliver-owed-events.ts';
import { retryOnConflict } from '../retry-on-conflict.ts';
import { PRIORITY_BY_SEVERITY } from './route-alert.ts';
import { storeDecision } from './store-decision.ts';

export interface CorrectionDeps extends DeliveryDeps {
  readonly learning: LearningStore;
  /** The tenant's configuration: a corrected category's team. */
  readonly configOf: (tenant: string) => Promise<TenantConfig>;
  readonly now?: () => Date;
}

export { correctionBodySchema };

const ATTEMPTS = { attempts: 5 };

/** Same alert, revision, principal, values and Idempotency-Key: same id, so a retry finds what the first try stored. */
function correctionId(principal: Principal, alert: AlertRecord, body: CorrectionBody, idempotencyKey: string | undefined): string {
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 200))
    throw new BadRequestError('Idempotency-Key must be 1-200 characters');
  const canonical = JSON.stringify([
    alert.id,
    alert.decision?.revision,
    principal.subject,
    body.category,
    body.service,
    body.team,
    body.severity,
    body.note,
    idempotencyKey,
  ]);
  return `cor_${createHash('sha256').update(principal.tenant).update('\0').update(canonical).digest('hex').slice(0, 20)}`;
}

/** The decision's fields a correction changes, as they are now. */
function snapshotOf(decision: TriageDecision): OriginalDecision {
  const { decidedAt, category, service, team, severity, priority, confidence, rationale, decidedBy, needsReview } = decision;
  return {
    decidedAt,
    category,
    ...(service === undefined ? {} : { service }),
    ...(team === undefined ? {} : { team }),
    severity,
    priority,
    confidence,
    rationale,
    decidedBy,
    ...(needsReview === undefined ? {} : { needsReview }),
  };
}

/**
 * The decision with the correction's values. A new category takes its team from the tenant's map
 * unless the correction names one; a new severity, its priority.
 */
function corrected(decision: TriageDecision, correction: Correction, teams: TenantConfig['routing']['teams']): TriageDecision {
  const { set } = correction;
  const { needsReview: _, ...rest } = decision;
  const severity = set.severity ?? decision.severity;
  const newCategory = set.category !== undefined && set.category !== decision.category ? set.category : undefined;
  return {
    ...rest,
    category: set.category ?? decision.category,
    service: set.service ?? decision.service,
    team: set.team ?? (newCategory === undefined ? undefined : teams[newCategory]) ?? decision.team,
    severity,
    priority: set.severity === undefined ? decision.priority : PRIORITY_BY_SEVERITY[severity],
    confidence: 1,
    rationale: `Corrected by ${correction.by}${correction.note === undefined ? '' : `: ${correction.note}`}`,
    decidedBy: { kind: 'correction', correctionId: correction.id, by: correction.by },
    original: correction.original,
  };
}

/** The decision as it was before `correction` (which may itself have been a correction). */
function restored(decision: TriageDecision, correction: Correction): TriageDecision {
  const { original, needsReview: _n, service: _s, team: _t, ...rest } = decision;
  const back = correction.replaced;
  return { ...rest, ...back, ...(back.decidedBy.kind === 'correction' && original !== undefined ? { original } : {}) };
}

function auditOf(
  type: 'triage.corrected' | 'triage.correction-removed',
  correction: Correction,
  actor: string,
  at: string,
  correlationId: string,
): AuditEvent {
  return {
    // Tied to this correction's creation: a retry appends nothing, a correction made again after an undo appends anew.
    eventId: `${correction.id}:${correction.at}:${type === 'triage.corrected' ? 'corrected' : 'removed'}`,
    tenant: correction.tenant,
    time: at,
    type,
    actor,
    subjects: { alertId: correction.alertId },
    correlationId,
    data: {
      correctionId: correction.id,
      alertName: correction.alertName,
      revision: correction.revision,
      set: correction.set,
      note: correction.note ?? null,
      // The decision this correction overrode (counted against its model in GET /v1/stats/models).
      replaced: { category: correction.replaced.category, decidedBy: correction.replaced.decidedBy },
      original: {
        category: correction.original.category,
        service: correction.original.service ?? null,
        team: correction.original.team ?? null,
        severity: correction.original.severity,
        decidedBy: correction.original.decidedBy,
      },
    },
  };
}

async function loadAlert(deps: CorrectionDeps, tenant: string, alertId: string): Promise<AlertRecord> {
  const alert = await deps.alerts.get(tenant, alertId);
  if (alert === undefined) throw new NotFoundError(`No alert ${alertId}`);
  return alert;
}

export async function correctAlert(
  deps: CorrectionDeps,
  principal: Principal,
  alertId: string,
  body: unknown,
  correlationId: string,
  idempotencyKey?: string,
): Promise<Correction> {
  const input = validate(correctionBodySchema, body, 'correction');
  const now = (deps.now ?? (() => new Date()))();
  const [alert, config] = await Promise.all([loadAlert(deps, principal.tenant, alertId), deps.configOf(principal.tenant)]);
  if (alert.decision === undefined) throw new ConflictError(`Alert ${alertId} has not been triaged yet: there is no decision to correct`);
  const { note, ...set } = input;
  const correction: Correction = {
    id: correctionId(principal, alert, input, idempotencyKey),
    tenant: principal.tenant,
    alertId,
    alertName: alert.name,
    revision: alert.decision.revision,
    by: principal.subject,
    at: now.toISOString(),
    set,
    ...(note === undefined ? {} : { note }),
    original: alert.decision.original ?? snapshotOf(alert.decision),
    replaced: snapshotOf(alert.decision),
  };
  const example = exampleFrom(alert, { correctionId: correction.id, by: correction.by, at: correction.at, set });
  const added = await retryOnConflict(async () => {
    const learning = await deps.learning.model(principal.tenant);
    return deps.learning.addCorrection(correction, withExample(learning, example), learning.version);
  }, ATTEMPTS);
  // A retry: the first try's correction is the one that counts.
  const stored = added === 'exists' ? ((await deps.learning.getCorrection(principal.tenant, correction.id)) ?? correction) : correction;
  await storeDecision(
    deps,
    { tenant: principal.tenant, alertId, correlationId },
    () => loadAlert(deps, principal.tenant, alertId),
    now,
    (current) => {
      const decision = current.decision as TriageDecision;
      if (decision.decidedBy.kind === 'correction' && decision.decidedBy.correctionId === stored.id) return { skip: undefined };
      // A newer revision was triaged since: its decision stands, and the model has learned either way.
      const next = decision.revision === stored.revision ? corrected(decision, stored, config.routing.teams) : decision;
      return {
        decision: next,
        audit: [auditOf('triage.corrected', stored, principal.subject, stored.at, correlationId)],
        result: undefined,
      };
    },
    alert,
  );
  return stored;
}

export async function removeCorrection(deps: CorrectionDeps, principal: Principal, id: string, correlationId: string): Promise<void> {
  const correction = await deps.learning.getCorrection(principal.tenant, id);
  if (correction === undefined) throw new NotFoundError(`No correction ${id}`);
  const at = (deps.now ?? (() => new Date()))().toISOString();
  const audit = auditOf('triage.correction-removed', correction, principal.subject, at, correlationId);
  const alert = await deps.alerts.get(principal.tenant, correction.alertId);
  if (alert === undefined) await deps.audit.send([audit]);
  else
    await storeDecision(
      deps,
      { tenant: principal.tenant, alertId: alert.id, correlationId },
      () => loadAlert(deps, principal.tenant, alert.id),
      new Date(at),
      (current) => {
        const decision = current.decision as TriageDecision;
        // Only the correction the alert shows is undone on it; an earlier one, overlaid since, leaves the model only.
        const undo = decision.decidedBy.kind === 'correction' && decision.decidedBy.correctionId === id;
        return { decision: undo ? restored(decision, correction) : decision, audit: [audit], result: undefined };
      },
      alert,
    );
  await retryOnConflict(async () => {
    const learning = await deps.learning.model(principal.tenant);
    await deps.learning.removeCorrection(principal.tenant, id, withoutExample(learning, id), learning.version);
  }, ATTEMPTS);
}
