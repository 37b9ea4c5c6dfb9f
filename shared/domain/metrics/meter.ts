/**
 * Operational metrics for the team that runs alertgate (CloudWatch EMF in Lambda), apart from a
 * tenant's own `GET /v1/metrics`: counts and durations with a few low-cardinality dimensions
 * (never a tenant, an alert or a free text).
 */
export const METRIC_NAMES = [
  'AlertsReceived',
  'TriageDecisions',
  'LlmCalls',
  'LlmLatency',
  'LlmTokens',
  'LlmCostUsd',
  'BreakerChanges',
  'ApprovalsClosed',
  'ApprovalLatency',
  'Executions',
  'NotificationsFailed',
  'AuditAppendLag',
  'OwedEventsResent',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export type Dimensions = Readonly<Record<string, string>>;

export interface Meter {
  /** Adds `value` (default 1) to a count. */
  count(name: MetricName, dimensions?: Dimensions, value?: number): void;
  /** Records one duration, in milliseconds. */
  duration(name: MetricName, milliseconds: number, dimensions?: Dimensions): void;
}

/** A meter that records nothing: for tests, and code run outside Lambda. */
export const NO_METER: Meter = {
  count() {},
  duration() {},
};
