/**
 * Latency histograms with fixed buckets, so hourly counters add up across any range: the
 * dashboard's percentiles and means come from them, and they are Prometheus-shaped (cumulative
 * upper bounds) for the metrics endpoint.
 */

/** Upper bounds, in seconds, from ten seconds to a day; the last bucket holds everything slower. */
export const LATENCY_BOUNDS_SECONDS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400] as const;
/** Upper bounds for machine latencies (an LLM call), from a quarter second to half a minute. */
export const LLM_LATENCY_BOUNDS_SECONDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;

type Bounds = readonly number[];

export interface Histogram {
  /** Observations per bucket: one per bound, then one past the last bound. */
  readonly counts: number[];
  count: number;
  sumSeconds: number;
}

export function emptyHistogram(bounds: Bounds = LATENCY_BOUNDS_SECONDS): Histogram {
  return { counts: new Array<number>(bounds.length + 1).fill(0), count: 0, sumSeconds: 0 };
}

/** Adds one observation; a negative one (clocks apart) counts as zero. */
export function observe(histogram: Histogram, seconds: number, bounds: Bounds = LATENCY_BOUNDS_SECONDS): void {
  const value = Math.max(0, seconds);
  const bucket = bounds.findIndex((bound) => value <= bound);
  const index = bucket === -1 ? bounds.length : bucket;
  histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
  histogram.count += 1;
  histogram.sumSeconds += value;
}

export function addHistogram(into: Histogram, other: Histogram): void {
  for (let i = 0; i < into.counts.length; i++) into.counts[i] = (into.counts[i] ?? 0) + (other.counts[i] ?? 0);
  into.count += other.count;
  into.sumSeconds += other.sumSeconds;
}

export function mean(histogram: Histogram): number | undefined {
  return histogram.count === 0 ? undefined : histogram.sumSeconds / histogram.count;
}

/**
 * The q-quantile (0 < q ≤ 1), interpolated linearly inside its bucket as Prometheus'
 * histogram_quantile does; past the last bound it answers the last bound (a floor, not a guess).
 */
export function quantile(histogram: Histogram, q: number, bounds: Bounds = LATENCY_BOUNDS_SECONDS): number | undefined {
  if (histogram.count === 0) return undefined;
  const rank = q * histogram.count;
  let below = 0;
  for (let i = 0; i < histogram.counts.length; i++) {
    const inBucket = histogram.counts[i] ?? 0;
    if (inBucket > 0 && below + inBucket >= rank) {
      const upper = bounds[i];
      if (upper === undefined) return bounds.at(-1);
      const lower = i === 0 ? 0 : (bounds[i - 1] ?? 0);
      return lower + ((upper - lower) * (rank - below)) / inBucket;
    }
    below += inBucket;
  }
  return bounds.at(-1);
}
