/**
 * alertgate's own canonical alert JSON: one alert, or `{ "alerts": [...] }`.
 * Without a fingerprint, the alert is identified the way Alertmanager would identify its
 * labels (with `alertname` set from `name`), so the same labels give the same id.
 */
import * as z from 'zod';
import { ALERT_STATUSES, type IncomingAlert, normaliseSeverity } from '../../../domain/alerts/alert.ts';
import { alertmanagerFingerprint } from '../../../domain/alerts/fingerprint.ts';
import { validate } from '../../../domain/validation.ts';
import { assertAlertCount } from './alert-limits.ts';
import { annotationSet, detailsJson, LIMITS, labelSet, text, timestamp, url } from './fields.ts';
import type { SourceParser } from './source-parser.ts';

const alertSchema = z
  .object({
    name: z.string().min(1).max(LIMITS.nameLength).optional(),
    status: z.enum(ALERT_STATUSES).default('firing'),
    severity: z
      .string()
      .refine((value) => normaliseSeverity(value) !== undefined, {
        message: 'must be critical, error, warning or info (or a common alias such as page, high, warn, low)',
      })
      .optional(),
    summary: text.optional(),
    description: text.optional(),
    labels: labelSet.default({}),
    annotations: annotationSet.default({}),
    fingerprint: z.string().min(1).max(255).optional(),
    startsAt: timestamp.optional(),
    endsAt: timestamp.optional(),
    generatorUrl: url.optional(),
    details: z.unknown().optional(),
  })
  .refine((alert) => alert.name !== undefined || alert.labels.alertname !== undefined, {
    message: 'an alert needs a name (or labels.alertname)',
    path: ['name'],
  });

const notificationSchema = z.object({ alerts: z.array(alertSchema).min(1).max(LIMITS.alertsPerNotification) });

type GenericAlert = z.output<typeof alertSchema>;

function toIncoming(alert: GenericAlert, now: Date): IncomingAlert {
  const name = alert.name ?? alert.labels.alertname ?? 'unnamed';
  const labels = alert.labels.alertname === undefined ? { ...alert.labels, alertname: name } : alert.labels;
  return {
    source: 'generic',
    fingerprint: alert.fingerprint ?? alertmanagerFingerprint(labels),
    status: alert.status,
    name,
    severity: normaliseSeverity(alert.severity ?? labels.severity),
    summary: alert.summary ?? alert.annotations.summary,
    description: alert.description ?? alert.annotations.description,
    labels,
    annotations: alert.annotations,
    startsAt: alert.startsAt ?? now.toISOString(),
    endsAt: alert.endsAt,
    generatorUrl: alert.generatorUrl,
    details: detailsJson(alert.details),
  };
}

export const genericParser: SourceParser = {
  payload: z.union([alertSchema, notificationSchema]),
  parse(body, now) {
    assertAlertCount(body);
    const isBatch = body !== null && typeof body === 'object' && 'alerts' in body;
    const alerts = isBatch ? validate(notificationSchema, body, 'alert batch').alerts : [validate(alertSchema, body, 'alert')];
    return { truncatedAlerts: 0, alerts: alerts.map((alert) => toIncoming(alert, now)) };
  },
};
