import { describe, expect, it } from 'vitest';
import {
  correctnessLogLoss,
  expectedCalibrationError,
  fitPlattScaling,
  recommendReviewThreshold,
  reliabilityBins,
  selectiveAccuracy,
} from '../../../scripts/classifier/calibration.ts';
import { calibrateConfidence } from '../../../shared/domain/triage/keyless/keyless-predict.ts';

/** A small seeded PRNG (mulberry32), so the synthetic sets are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Confidences drawn uniformly, each right with the probability `truth(confidence)`. */
function synthetic(truth: (confidence: number) => number, count = 20_000): { confidences: number[]; correct: boolean[] } {
  const random = seeded(7);
  const confidences = Array.from({ length: count }, () => 0.05 + 0.9 * random());
  return { confidences, correct: confidences.map((confidence) => random() < truth(confidence)) };
}

describe('reliability and ECE', () => {
  it('puts a confidence of exactly 1 in the last bin and keeps empty bins', () => {
    const bins = reliabilityBins([1, 0.05], [true, false], 10);

    expect(bins).toHaveLength(10);
    expect(bins[9]?.count).toBe(1);
    expect(bins[0]?.accuracy).toBe(0);
    expect(bins[5]?.count).toBe(0);
  });

  it('finds a calibrated classifier well calibrated and an over-confident one not', () => {
    const calibrated = synthetic((p) => p);
    const overConfident = synthetic((p) => p / 2);

    expect(expectedCalibrationError(reliabilityBins(calibrated.confidences, calibrated.correct))).toBeLessThan(0.02);
    expect(expectedCalibrationError(reliabilityBins(overConfident.confidences, overConfident.correct))).toBeGreaterThan(0.2);
  });

  it('scores calibrated confidences with a lower log-loss than over-confident ones on the same outcomes', () => {
    const { confidences, correct } = synthetic((p) => p);
    const sharpened = confidences.map((p) => (p > 0.5 ? 0.99 : 0.01));

    expect(correctnessLogLoss(confidences, correct)).toBeLessThan(correctnessLogLoss(sharpened, correct));
  });
});

describe('Platt scaling', () => {
  it('recovers the slope and intercept that generated the outcomes', () => {
    const { confidences, correct } = synthetic((p) => calibrateConfidence(p, { slope: 0.6, intercept: 0.3 }));

    const fit = fitPlattScaling(confidences, correct);

    expect(fit.slope).toBeCloseTo(0.6, 1);
    expect(fit.intercept).toBeCloseTo(0.3, 1);
  });

  it('is monotone, so it never changes which category ranks first', () => {
    const calibration = { slope: 0.7, intercept: 0.06 };
    const values = [0.01, 0.2, 0.5, 0.8, 0.99].map((p) => calibrateConfidence(p, calibration));

    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(calibrateConfidence(0.5, { slope: 1, intercept: 0 })).toBeCloseTo(0.5, 12);
  });
});

describe('selective accuracy', () => {
  it('counts the alerts at or above each threshold and their accuracy', () => {
    const rows = selectiveAccuracy([0.9, 0.8, 0.4, 0.2], [true, false, true, false], [0.3, 0.85, 0.95]);

    expect(rows.map((row) => [row.coverage, row.accuracy])).toEqual([
      [0.75, 2 / 3],
      [0.25, 1],
      [0, Number.NaN],
    ]);
  });

  it('recommends the lowest threshold reaching 90% on enough alerts', () => {
    const rows = [
      { threshold: 0.5, coverage: 0.6, accuracy: 0.8, count: 60 },
      { threshold: 0.7, coverage: 0.4, accuracy: 0.92, count: 40 },
      { threshold: 0.9, coverage: 0.1, accuracy: 1, count: 10 },
    ];

    expect(recommendReviewThreshold(rows)).toEqual({ row: rows[1], reachesAccuracy: true });
  });

  it('falls back to the most accurate well-supported threshold when none reaches 90%', () => {
    const rows = [
      { threshold: 0.5, coverage: 0.6, accuracy: 0.7, count: 60 },
      { threshold: 0.7, coverage: 0.4, accuracy: 0.85, count: 40 },
      { threshold: 0.9, coverage: 0.1, accuracy: 1, count: 10 },
    ];

    expect(recommendReviewThreshold(rows)).toEqual({ row: rows[1], reachesAccuracy: false });
  });
});
