/** What one notification and one alert may weigh before alertgate refuses them. */
import type { IncomingAlert } from '../../../domain/alerts/alert.ts';
import { PayloadTooLargeError, ValidationError } from '../../../domain/errors.ts';
import { LIMITS } from './fields.ts';

/** Refuses notifications carrying more alerts than one request may, before validating them one by one. */
export function assertAlertCount(body: unknown): void {
  if (body === null || typeof body !== 'object' || !('alerts' in body)) return;
  const { alerts } = body;
  if (Array.isArray(alerts) && alerts.length > LIMITS.alertsPerNotification) {
    throw new PayloadTooLargeError(
      `A notification may carry at most ${LIMITS.alertsPerNotification} alerts; this one has ${alerts.length}. Split it.`,
    );
  }
}

/** An alert must fit a DynamoDB item (400 KB) with room for alertgate's own fields. */
export const MAX_ALERT_BYTES = 300_000;

/** Refuses, naming them, alerts too large to store even after long annotations were cut. */
export function assertStorable(alerts: readonly IncomingAlert[]): void {
  const problems = alerts.flatMap((alert, index) => {
    const bytes = Buffer.byteLength(JSON.stringify(alert));
    if (bytes <= MAX_ALERT_BYTES) return [];
    const size = `${Math.ceil(bytes / 1000)} KB`;
    return [
      {
        field: `alerts.${index}`,
        message: `is ${size} once normalised; at most ${MAX_ALERT_BYTES / 1000} KB: send fewer or shorter labels and annotations`,
      },
    ];
  });
  if (problems.length > 0) throw new ValidationError(`${problems.length} alert(s) too large to store`, problems);
}
