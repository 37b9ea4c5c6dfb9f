import type * as z from 'zod';
import type { IncomingAlert } from '../../../domain/alerts/alert.ts';

/** What a webhook source's parser makes of one notification. */
export interface ParsedNotification {
  readonly alerts: readonly IncomingAlert[];
  /** Alerts the sender says it left out (Alertmanager `max_alerts`, Grafana). */
  readonly truncatedAlerts: number;
}

/** A webhook source: validates a decoded JSON body and normalises it into canonical alerts. */
export interface SourceParser {
  /** The payload it accepts, for the OpenAPI document. */
  readonly payload: z.ZodType;
  parse(body: unknown, now: Date): ParsedNotification;
}
