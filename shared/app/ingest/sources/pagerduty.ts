/**
 * PagerDuty Events API v2: one event per request, `event_action` trigger | acknowledge | resolve,
 * identity by `dedup_key`. A trigger without a dedup_key gets one computed from its content, so a
 * repeated trigger deduplicates instead of opening a second alert.
 */
import * as z from 'zod';
import type { IncomingAlert } from '../../../domain/alerts/alert.ts';
import { alertmanagerFingerprint } from '../../../domain/alerts/fingerprint.ts';
import { validate } from '../../../domain/validation.ts';
import { detailsJson, LIMITS, timestamp, truncateText } from './fields.ts';
import type { SourceParser } from './source-parser.ts';

const dedupKey = z.string().min(1).max(255);
const shortText = z.string().max(LIMITS.labelValueLength);

const triggerSchema = z.object({
  routing_key: z.string().optional(),
  event_action: z.literal('trigger'),
  dedup_key: dedupKey.optional(),
  payload: z.object({
    summary: z.string().min(1).max(1024),
    source: shortText.min(1),
    severity: z.enum(['critical', 'error', 'warning', 'info']),
    timestamp: timestamp.optional(),
    component: shortText.optional(),
    group: shortText.optional(),
    class: shortText.optional(),
    custom_details: z.unknown().optional(),
  }),
  client: z.string().max(LIMITS.nameLength).optional(),
  client_url: z.string().max(LIMITS.urlLength).optional(),
});

const followUpSchema = z.object({
  routing_key: z.string().optional(),
  event_action: z.enum(['acknowledge', 'resolve']),
  dedup_key: dedupKey,
});

const eventSchema = z.discriminatedUnion('event_action', [triggerSchema, followUpSchema]);

type TriggerEvent = z.output<typeof triggerSchema>;

function fromTrigger(event: TriggerEvent, now: Date): IncomingAlert {
  const { payload } = event;
  const labels: Record<string, string> = { source: payload.source, severity: payload.severity };
  if (payload.component !== undefined) labels.component = payload.component;
  if (payload.group !== undefined) labels.group = payload.group;
  if (payload.class !== undefined) labels.class = payload.class;
  return {
    source: 'pagerduty',
    fingerprint: event.dedup_key ?? alertmanagerFingerprint({ ...labels, summary: payload.summary }),
    status: 'firing',
    name: payload.class ?? truncateText(payload.summary, 200),
    severity: payload.severity,
    summary: payload.summary,
    labels,
    annotations: { summary: payload.summary },
    startsAt: payload.timestamp ?? now.toISOString(),
    generatorUrl: event.client_url,
    details: detailsJson(payload.custom_details),
  };
}

export const pagerdutyParser: SourceParser = {
  payload: eventSchema,
  parse(body, now) {
    const event = validate(eventSchema, body, 'PagerDuty event');
    if (event.event_action === 'trigger') return { truncatedAlerts: 0, alerts: [fromTrigger(event, now)] };
    return {
      truncatedAlerts: 0,
      alerts: [
        {
          source: 'pagerduty',
          fingerprint: event.dedup_key,
          status: event.event_action === 'resolve' ? 'resolved' : 'acknowledged',
          name: event.dedup_key,
          labels: {},
          annotations: {},
          startsAt: now.toISOString(),
        },
      ],
    };
  },
};

/** The routing key a PagerDuty sender authenticates with, when it can set no header. */
export function pagerdutyRoutingKey(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('routing_key' in body)) return undefined;
  return typeof body.routing_key === 'string' ? body.routing_key : undefined;
}
