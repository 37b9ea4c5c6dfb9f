/**
 * Grafana alerting webhook (contact point "webhook", payload version "1"): Alertmanager's
 * shape plus `orgId`, per-alert `fingerprint`, `values` and dashboard/panel links.
 */
import * as z from 'zod';
import { validate } from '../../../domain/validation.ts';
import { assertAlertCount } from './alert-limits.ts';
import { alertmanagerShapedAlert, fromAlertmanagerShape } from './alertmanager.ts';
import { detailsJson, LIMITS, text, url } from './fields.ts';
import type { SourceParser } from './source-parser.ts';

const alertSchema = alertmanagerShapedAlert.extend({
  fingerprint: z.string().min(1).max(64).optional(),
  silenceURL: url.optional(),
  dashboardURL: url.optional(),
  panelURL: url.optional(),
  values: z.record(z.string().max(256), z.number().nullable()).nullable().optional(),
  valueString: text.optional(),
});

const notificationSchema = z.object({
  version: z.string().max(16).optional(),
  orgId: z.number().int().optional(),
  truncatedAlerts: z.number().int().min(0).default(0),
  alerts: z.array(alertSchema).max(LIMITS.alertsPerNotification),
});

export const grafanaParser: SourceParser = {
  payload: notificationSchema,
  parse(body) {
    assertAlertCount(body);
    const notification = validate(notificationSchema, body, 'Grafana notification');
    return {
      truncatedAlerts: notification.truncatedAlerts,
      alerts: notification.alerts.map((alert) => ({
        ...fromAlertmanagerShape('grafana', alert),
        details: detailsJson({
          orgId: notification.orgId,
          values: alert.values ?? undefined,
          valueString: alert.valueString,
          dashboardURL: alert.dashboardURL,
          panelURL: alert.panelURL,
          silenceURL: alert.silenceURL,
        }),
      })),
    };
  },
};
