/** The canonical alert model every webhook source is normalised into. */

export const SOURCES = ['alertmanager', 'grafana', 'pagerduty', 'generic'] as const;
export type Source = (typeof SOURCES)[number];

export const ALERT_STATUSES = ['firing', 'resolved', 'acknowledged'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** PagerDuty's four severities, the most widely shared scale among alert senders. */
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Labels = Readonly<Record<string, string>>;

/** One alert as a source reported it, normalised; not yet stored. */
export interface IncomingAlert {
  readonly source: Source;
  /** The source's own identity (Alertmanager/Grafana fingerprint, PagerDuty dedup_key), or computed from labels. */
  readonly fingerprint: string;
  readonly status: AlertStatus;
  readonly name: string;
  readonly severity?: Severity;
  readonly summary?: string;
  readonly description?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** When the condition started, ISO 8601. */
  readonly startsAt: string;
  readonly endsAt?: string;
  readonly generatorUrl?: string;
  /** The sender's own group of this alert (Alertmanager's `groupKey`): the incident it joins follows it. */
  readonly groupKey?: string;
  /** Source-specific extras kept for triage (e.g. PagerDuty custom_details, Grafana values), JSON text. */
  readonly details?: string;
}

/** What one notification did to one alert. */
export const OUTCOMES = ['created', 'updated', 'resolved', 'duplicate'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Alertmanager's "zero time", sent as endsAt for alerts still firing. */
const GO_ZERO_TIME = /^0001-01-01T00:00:00/;

/** Drops the placeholder end times senders use for "still firing". */
export function meaningfulTime(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || GO_ZERO_TIME.test(value)) return undefined;
  return value;
}

const SEVERITY_ALIASES: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  fatal: 'critical',
  disaster: 'critical',
  emergency: 'critical',
  p1: 'critical',
  sev1: 'critical',
  error: 'error',
  high: 'error',
  major: 'error',
  p2: 'error',
  sev2: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  average: 'warning',
  minor: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  low: 'info',
  notice: 'info',
  none: 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
};

/** Maps a sender's severity word (`page`, `P2`, `warn`…) onto the canonical scale, if it is one we know. */
export function normaliseSeverity(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  return SEVERITY_ALIASES[value.trim().toLowerCase()];
}
