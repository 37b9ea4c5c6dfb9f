/** A webhook notification from any source: pick the source's parser, normalise, ingest. */
import { SOURCES, type Source } from '../../domain/alerts/alert.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { type IngestDeps, type IngestResult, ingestAlerts } from './ingest-alerts.ts';
import { assertStorable } from './sources/alert-limits.ts';
import { PARSERS } from './sources/index.ts';

export interface WebhookResult extends IngestResult {
  readonly source: Source;
  readonly truncatedAlerts: number;
}

function sourceFrom(value: string | undefined): Source {
  const source = SOURCES.find((candidate) => candidate === value);
  if (source === undefined) {
    throw new NotFoundError(`Unknown webhook source ${JSON.stringify(value ?? '')}; use one of: ${SOURCES.join(', ')}`);
  }
  return source;
}

export async function ingestWebhook(
  deps: IngestDeps,
  tenant: string,
  sourceName: string | undefined,
  body: unknown,
  correlationId: string,
  actor: string,
): Promise<WebhookResult> {
  const source = sourceFrom(sourceName);
  const now = (deps.now ?? (() => new Date()))();
  const notification = PARSERS[source].parse(body, now);
  assertStorable(notification.alerts);
  const result = await ingestAlerts({ ...deps, now: () => now }, tenant, notification.alerts, correlationId, actor);
  // What was received is stored; a counter that could not be told is a gap in a metric, not a reason to refuse.
  await deps.received
    ?.add(tenant, source, result.counts)
    .catch((error: unknown) => deps.log.warn('received alerts not counted', { tenant, source, counts: result.counts, error }));
  return { ...result, source, truncatedAlerts: notification.truncatedAlerts };
}
