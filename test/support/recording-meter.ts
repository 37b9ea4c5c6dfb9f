/** The meter port in memory: what was counted and timed, in order. */
import type { Dimensions, Meter, MetricName } from '../../shared/domain/metrics/meter.ts';

export interface Recorded {
  readonly name: MetricName;
  readonly dimensions: Dimensions;
  readonly value: number;
  readonly kind: 'count' | 'duration';
}

export function recordingMeter(): Meter & { readonly recorded: Recorded[]; total(name: MetricName, dimensions?: Dimensions): number } {
  const recorded: Recorded[] = [];
  return {
    recorded,
    count(name, dimensions = {}, value = 1) {
      recorded.push({ name, dimensions, value, kind: 'count' });
    },
    duration(name, value, dimensions = {}) {
      recorded.push({ name, dimensions, value, kind: 'duration' });
    },
    total(name, dimensions = {}) {
      return recorded
        .filter((r) => r.name === name && Object.entries(dimensions).every(([key, value]) => r.dimensions[key] === value))
        .reduce((sum, r) => sum + r.value, 0);
    },
  };
}
