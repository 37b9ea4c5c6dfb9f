/**
 * The Meter as CloudWatch Embedded Metric Format, through Powertools Metrics. Counts are summed
 * per metric and dimension set while an invocation runs and published once at its end (one EMF
 * line per dimension set, not one per alert); durations are kept as values, all in that line.
 * Each line gets a Metrics of its own: `singleMetric()` publishes at each addMetric and then
 * drops its dimensions, so a second value would go out without them.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Dimensions, Meter, MetricName } from '../../domain/metrics/meter.ts';

const UNITS: Readonly<Partial<Record<MetricName, (typeof MetricUnit)[keyof typeof MetricUnit]>>> = {
  LlmLatency: MetricUnit.Milliseconds,
  ApprovalLatency: MetricUnit.Seconds,
  AuditAppendLag: MetricUnit.Milliseconds,
  LlmCostUsd: MetricUnit.NoUnit,
};

/** At most this many dimension sets an invocation; more are folded into `other` (a guard, never reached by design). */
const MAX_SERIES = 200;

export class EmfMeter implements Meter {
  readonly #metrics: () => Metrics;
  readonly #series = new Map<string, { name: MetricName; dimensions: Dimensions; values: number[]; summed: boolean }>();

  /** `metrics` makes a fresh Powertools Metrics (namespace and service set) for each line. */
  constructor(metrics: () => Metrics) {
    this.#metrics = metrics;
  }

  #add(name: MetricName, dimensions: Dimensions, value: number, summed: boolean): void {
    const bounded = this.#series.size >= MAX_SERIES ? { other: 'true' } : dimensions;
    const key = JSON.stringify([name, Object.entries(bounded).sort()]);
    const series = this.#series.get(key) ?? { name, dimensions: bounded, values: [], summed };
    if (summed) series.values[0] = (series.values[0] ?? 0) + value;
    else series.values.push(value);
    this.#series.set(key, series);
  }

  count(name: MetricName, dimensions: Dimensions = {}, value = 1): void {
    this.#add(name, dimensions, value, true);
  }

  duration(name: MetricName, milliseconds: number, dimensions: Dimensions = {}): void {
    this.#add(name, dimensions, name === 'ApprovalLatency' ? milliseconds / 1000 : milliseconds, false);
  }

  /** Publishes what this invocation recorded, and forgets it. */
  flush(): void {
    for (const { name, dimensions, values } of this.#series.values()) {
      const line = this.#metrics();
      line.addDimensions({ ...dimensions });
      for (const value of values) line.addMetric(name, UNITS[name] ?? MetricUnit.Count, value);
      line.publishStoredMetrics();
    }
    this.#series.clear();
  }
}
