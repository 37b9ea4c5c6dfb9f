/**
 * How an alert is stored. Labels, annotations, the decision and the remediations are JSON text:
 * the SDK's map marshalling assigns keys with `obj[key] =`, which silently drops a label named
 * `__proto__`. They and the rest of what is only read whole sit in one compressed body,
 * as do the audit events an alert owes. Alerts that owe events carry the owed-lease index keys
 * (a sparse index the sweeper reads). A repeat writes its count and time, not the whole record:
 * in its group's item (dynamo-group-sightings.ts), or beside the alert in a small sighting item
 * (`<id>#seen`); a read takes the highest count of them.
 */
import * as z from 'zod';
import { ALERT_STATUSES, SEVERITIES, SOURCES } from '../../domain/alerts/alert.ts';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import { auditEventSchema } from '../../domain/audit/audit-event.ts';
import { remediationSummarySchema } from '../../domain/remediation/remediation.ts';
import { triageDecisionSchema } from '../../domain/triage/decision-schema.ts';
import { ALERT_BODY_DICTIONARY } from './alert-body-dictionary.ts';
import { compressedJson, decodeItem, deflatedJson, deflateJson, jsonText } from './item-codec.ts';

export const OWED_SHARD = 'owed';

const required = z.string().min(1);
/**
 * Not z.record: it drops a key named `__proto__`, which Alertmanager allows as a label name.
 * Object.fromEntries keeps it an ordinary own property.
 */
const labels = jsonText(
  z.custom<Record<string, string>>(
    (value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string'),
    'is not a map of strings',
  ),
).transform((map) => Object.fromEntries(Object.entries(map)));

const pendingEventSchema = z.object({
  kind: z.enum(['triage', 'resolution', 'audit']),
  revision: z.number().int().min(1),
  leaseUntil: z.number(),
  owner: z.string(),
  audit: auditEventSchema.optional(),
});

const alertItemSchema = z.object({
  tenant: required,
  id: required,
  source: z.enum(SOURCES),
  fingerprint: required,
  revision: z.number().int().min(1),
  status: z.enum(ALERT_STATUSES),
  name: required,
  severity: z.enum(SEVERITIES).optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  labels,
  annotations: labels,
  startsAt: required,
  endsAt: z.string().optional(),
  generatorUrl: z.string().optional(),
  details: z.string().optional(),
  groupKey: z.string().optional(),
  incidentId: z.string().optional(),
  firstSeenAt: required,
  lastSeenAt: required,
  updatedAt: required,
  notifications: z.number().int().min(0),
  resolvedAt: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  sentBy: z.string().optional(),
  pending: z.record(z.string(), pendingEventSchema).default({}),
  queued: z.object({ eventId: required, kind: z.enum(['triage', 'resolution']), revision: z.number().int(), at: required }).optional(),
  decision: jsonText(triageDecisionSchema).optional(),
  remediations: jsonText(z.record(z.string(), remediationSummarySchema)).optional(),
  version: z.number().int().min(0),
}) satisfies z.ZodType<AlertRecord>;

/**
 * The attributes kept outside the body: the keys, what the listing index projects and filters on,
 * and the version conditions name (dynamo-alert-store.ts). Everything else, the owed events'
 * leases and payloads included, is only ever read and written with the whole alert, and sits in
 * the body, compressed: DynamoDB bills a write by the KB of the item, and every write of an alert
 * (new, being triaged with its owed events, triaged) then fits in 1 KB.
 */
const OUTSIDE_BODY = new Set(['tenant', 'id', 'status', 'severity', 'source', 'updatedAt', 'version']);

const bodyMap = z.record(z.string(), z.unknown());
/** `bodyV2` (deflated against the alert body dictionary) is written; `body` (Brotli) is still read. */
const bodySchema = z.object({
  bodyV2: deflatedJson(bodyMap, ALERT_BODY_DICTIONARY).optional(),
  body: compressedJson(bodyMap).optional(),
});

/** The body's name for the audit events the alert owes, by event id (their leases stay in `pending`). */
const OWED_AUDIT = 'owedAudit';

const owedAuditSchema = z.object({ [OWED_AUDIT]: z.record(z.string(), z.unknown()).default({}) });

/** The item as items were stored before bodies were compressed: the body's attributes in place, each owed event whole. */
function unpacked(item: Record<string, unknown>): Record<string, unknown> {
  const { bodyV2, body: bodyV1 } = decodeItem(bodySchema, item, 'alert');
  const body = bodyV2 ?? bodyV1;
  if (body === undefined) return item;
  const { body: _v1, bodyV2: _v2, ...rest } = item;
  const attributes = Object.fromEntries(Object.entries(body).filter(([name]) => !OUTSIDE_BODY.has(name) && name !== OWED_AUDIT));
  const audits = decodeItem(owedAuditSchema, body, 'alert').owedAudit;
  // The leases sit in the body; items written before kept them (and `queued`) beside it, where an
  // event cleared in place may have left its copy in the body: only owed ones count.
  const leases = attributes.pending ?? rest.pending;
  const pending = leases !== null && typeof leases === 'object' ? leases : {};
  const owed = Object.fromEntries(
    Object.entries(pending).map(([id, event]) => [id, audits[id] === undefined ? event : { ...event, audit: audits[id] }]),
  );
  return { ...rest, ...attributes, pending: owed };
}

export function alertFromItem(item: Record<string, unknown>): AlertRecord {
  return decodeItem(alertItemSchema, unpacked(item), 'alert');
}

export function alertToItem(record: AlertRecord): Record<string, unknown> {
  const leases = Object.values(record.pending).map((event) => event.leaseUntil);
  const owed = leases.length === 0 ? {} : { owedShard: OWED_SHARD, owedUntil: Math.min(...leases) };
  const attributes: Record<string, unknown> = {
    ...record,
    labels: JSON.stringify(record.labels),
    annotations: JSON.stringify(record.annotations),
    decision: record.decision === undefined ? undefined : JSON.stringify(record.decision),
    remediations: record.remediations === undefined ? undefined : JSON.stringify(record.remediations),
    pending: Object.fromEntries(Object.entries(record.pending).map(([id, { audit: _, ...lease }]) => [id, lease])),
    // The owed audit events' payloads go in the body, which compresses them with the alert they repeat.
    [OWED_AUDIT]: Object.fromEntries(
      Object.entries(record.pending).flatMap(([id, { audit }]) => (audit === undefined ? [] : [[id, audit]])),
    ),
  };
  const defined = Object.entries(attributes).filter(([, value]) => value !== undefined);
  const body = Object.fromEntries(defined.filter(([name]) => !OUTSIDE_BODY.has(name)));
  const outside = Object.fromEntries(defined.filter(([name]) => OUTSIDE_BODY.has(name)));
  return { ...outside, bodyV2: deflateJson(body, ALERT_BODY_DICTIONARY), ...owed };
}

const sightingSchema = z.object({ notifications: z.number().int().min(0), lastSeenAt: required });

const SIGHTING = '#seen';

/** The key of the alert's sighting item (alert ids are hex: no alert id ends so). */
export function sightingKey(tenant: string, id: string): { tenant: string; id: string } {
  return { tenant, id: `${id}${SIGHTING}` };
}

/** The alert as its record and a sighting say together: the higher count, the later time (both only go up). */
export function withCount(record: AlertRecord, notifications: number, lastSeenAt: string): AlertRecord {
  if (notifications <= record.notifications && lastSeenAt <= record.lastSeenAt) return record;
  return {
    ...record,
    notifications: Math.max(notifications, record.notifications),
    lastSeenAt: lastSeenAt > record.lastSeenAt ? lastSeenAt : record.lastSeenAt,
  };
}

/** The alert as its record and its sighting item (if any) say together. */
export function withSighting(record: AlertRecord, sighting: Record<string, unknown> | undefined): AlertRecord {
  if (sighting === undefined) return record;
  const seen = decodeItem(sightingSchema, sighting, 'alert sighting');
  return withCount(record, seen.notifications, seen.lastSeenAt);
}
