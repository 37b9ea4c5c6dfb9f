/**
 * Prometheus Alertmanager webhook, payload version 4: one notification per alert group,
 * several alerts each, `truncatedAlerts` when `max_alerts` cut the list.
 */
import * as z from 'zod';
import { type IncomingAlert, meaningfulTime, normaliseSeverity, type Source } from '../../../domain/alerts/alert.ts';
import { alertmanagerFingerprint } from '../../../domain/alerts/fingerprint.ts';
import { validate } from '../../../domain/validation.ts';
import { assertAlertCount } from './alert-limits.ts';
import { annotationSet, LIMITS, labelSet, timestamp, url } from './fields.ts';
import type { SourceParser } from './source-parser.ts';

/** The alert shape Alertmanager sends, which Grafana's webhook extends. */
export const alertmanagerShapedAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: annotationSet.default({}),
  startsAt: timestamp,
  endsAt: timestamp.optional(),
  generatorURL: url.optional(),
});

type AlertmanagerShaped = z.output<typeof alertmanagerShapedAlert> & { readonly fingerprint?: string };

/** The canonical alert of an Alertmanager-shaped one, identified by its fingerprint or its labels'. */
export function fromAlertmanagerShape(source: Source, alert: AlertmanagerShaped): IncomingAlert {
  return {
    source,
    fingerprint: alert.fingerprint ?? alertmanagerFingerprint(alert.labels),
    status: alert.status,
    name: alert.labels.alertname ?? 'unnamed',
    severity: normaliseSeverity(alert.labels.severity),
    summary: alert.annotations.summary ?? alert.annotations.message,
    description: alert.annotations.description,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: alert.startsAt,
    endsAt: meaningfulTime(alert.endsAt),
    generatorUrl: alert.generatorURL,
  };
}

const alertSchema = alertmanagerShapedAlert.extend({
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'must be 16 lowercase hex digits')
    .optional(),
});

const notificationSchema = z.object({
  version: z.string().max(16).optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().optional(),
  alerts: z.array(alertSchema).max(LIMITS.alertsPerNotification),
});

export const alertmanagerParser: SourceParser = {
  payload: notificationSchema,
  parse(body) {
    assertAlertCount(body);
    const notification = validate(notificationSchema, body, 'Alertmanager notification');
    return {
      truncatedAlerts: notification.truncatedAlerts,
      alerts: notification.alerts.map((alert) => {
        const incoming = fromAlertmanagerShape('alertmanager', alert);
        // Alertmanager grouped these alerts by its route's group_by: the incident follows that group.
        return notification.groupKey === undefined || notification.groupKey === ''
          ? incoming
          : { ...incoming, groupKey: notification.groupKey.slice(0, 1024) };
      }),
    };
  },
};
