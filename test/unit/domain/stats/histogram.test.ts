import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addHistogram,
  emptyHistogram,
  LATENCY_BOUNDS_SECONDS,
  mean,
  observe,
  quantile,
} from '../../../../shared/domain/stats/histogram.ts';

function of(values: readonly number[]) {
  const histogram = emptyHistogram();
  for (const value of values) observe(histogram, value);
  return histogram;
}

describe('latency histograms', () => {
  it('files each observation under the first bound it does not exceed', () => {
    const histogram = of([0, 10, 11, 86_400, 90_000]);
    expect(histogram.counts[0]).toBe(2);
    expect(histogram.counts[1]).toBe(1);
    expect(histogram.counts[LATENCY_BOUNDS_SECONDS.length - 1]).toBe(1);
    expect(histogram.counts[LATENCY_BOUNDS_SECONDS.length]).toBe(1);
    expect(histogram.count).toBe(5);
    expect(histogram.sumSeconds).toBe(0 + 10 + 11 + 86_400 + 90_000);
  });

  it('has no quantile and no mean without observations', () => {
    expect(quantile(emptyHistogram(), 0.5)).toBeUndefined();
    expect(mean(emptyHistogram())).toBeUndefined();
  });

  it('interpolates inside the bucket, as histogram_quantile does', () => {
    // Ten answers between 60 s and 120 s: the median is half way through that bucket.
    const histogram = of(Array.from({ length: 10 }, () => 90));
    expect(quantile(histogram, 0.5)).toBe(90);
    expect(quantile(histogram, 0.9)).toBeCloseTo(114);
    expect(mean(histogram)).toBe(90);
  });

  it('answers the last bound for what is slower than all of them', () => {
    expect(quantile(of([200_000]), 0.5)).toBe(86_400);
  });

  it('gives quantiles that grow with q and land in the bucket of the true quantile', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 200 }), (values) => {
        const histogram = of(values);
        const p50 = quantile(histogram, 0.5) ?? Number.NaN;
        const p90 = quantile(histogram, 0.9) ?? Number.NaN;
        expect(p50).toBeLessThanOrEqual(p90);
        const sorted = [...values].sort((a, b) => a - b);
        const truth = Math.min(sorted[Math.ceil(0.9 * sorted.length) - 1] ?? 0, 86_400);
        const upper = LATENCY_BOUNDS_SECONDS.find((bound) => truth <= bound) ?? 86_400;
        const lower = [...LATENCY_BOUNDS_SECONDS].reverse().find((bound) => bound < truth) ?? 0;
        expect(p90).toBeGreaterThanOrEqual(lower);
        expect(p90).toBeLessThanOrEqual(upper);
      }),
    );
  });

  it('adds up: two periods summed are the histogram of both', () => {
    const both = of([5, 50, 500]);
    const summed = of([5]);
    addHistogram(summed, of([50, 500]));
    expect(summed).toEqual(both);
  });
});
