/**
 * How an alert is stored. Labels, annotations, the decision and the remediations are JSON text:
 * the SDK's map marshalling assigns keys with `obj[key] =`, which silently drops a label named
 * `__proto__`. Alerts that owe events carry the owed-lease index keys (a sparse index the
 * sweeper reads).
 */
import * as z from 'zod';
import { ALERT_STATUSES, SEVERITIES, SOURCES } from '../../domain/alerts/alert.ts';
import type { AlertRecord } from '../../domain/alerts/alert-record.ts';
import { auditEventSchema } from '../../domain/audit/audit-event.ts';
import { remediationSummarySchema } from '../../domain/remediation/remediation.ts';
import { triageDecisionSchema } from '../../domain/triage/decision-schema.ts';
import { decodeItem, jsonText } from './item-codec.ts';

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

export function alertFromItem(item: Record<string, unknown>): AlertRecord {
  return decodeItem(alertItemSchema, item, 'alert');
}

export function alertToItem(record: AlertRecord): Record<string, unknown> {
  const leases = Object.values(record.pending).map((event) => event.leaseUntil);
  const owed = leases.length === 0 ? {} : { owedShard: OWED_SHARD, owedUntil: Math.min(...leases) };
  return {
    ...record,
    labels: JSON.stringify(record.labels),
    annotations: JSON.stringify(record.annotations),
    decision: record.decision === undefined ? undefined : JSON.stringify(record.decision),
    remediations: record.remediations === undefined ? undefined : JSON.stringify(record.remediations),
    ...owed,
  };
}
