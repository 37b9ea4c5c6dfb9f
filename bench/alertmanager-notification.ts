/** An Alertmanager webhook (version 4) notification of firing alerts, as Alertmanager posts it. */

export interface FiringAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** ISO 8601; the same on every notification of one episode. */
  readonly startsAt: string;
}

export function alertmanagerNotification(alerts: readonly FiringAlert[], groupLabels: Readonly<Record<string, string>>) {
  const group = Object.entries(groupLabels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',');
  return {
    version: '4',
    status: 'firing',
    receiver: 'alertgate',
    groupKey: `{}:{${group}}`,
    groupLabels,
    truncatedAlerts: 0,
    externalURL: 'http://alertmanager.example:9093',
    alerts: alerts.map((alert) => ({
      status: 'firing',
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
    })),
  };
}
