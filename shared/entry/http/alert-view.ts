import { type AlertRecord, isTriageBound } from '../../domain/alerts/alert-record.ts';

/** An alert as the API shows it: the record without its concurrency internals. */
export function alertView(record: AlertRecord) {
  const pending = Object.entries(record.pending)
    .filter(([, event]) => isTriageBound(event))
    .map(([eventId, event]) => ({ eventId, kind: event.kind, revision: event.revision }));
  return {
    id: record.id,
    source: record.source,
    fingerprint: record.fingerprint,
    revision: record.revision,
    status: record.status,
    name: record.name,
    severity: record.severity,
    summary: record.summary,
    description: record.description,
    labels: record.labels,
    annotations: record.annotations,
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    generatorUrl: record.generatorUrl,
    details: record.details,
    firstSeenAt: record.firstSeenAt,
    lastSeenAt: record.lastSeenAt,
    updatedAt: record.updatedAt,
    notifications: record.notifications,
    resolvedAt: record.resolvedAt,
    acknowledgedAt: record.acknowledgedAt,
    incidentId: record.incidentId,
    triage: {
      /**
       * `decided`: this revision has a decision; `queued`: its event is on the triage queue;
       * `pending`: an event is owed and will be (re)sent; `none`: nothing to triage (e.g. stored resolved).
       */
      state:
        record.decision?.revision === record.revision
          ? 'decided'
          : pending.length > 0
            ? 'pending'
            : record.queued === undefined
              ? 'none'
              : 'queued',
      queued: record.queued,
      pending,
      decision: record.decision,
    },
    /** Newest first. */
    remediations: Object.values(record.remediations ?? {}).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)),
  };
}
