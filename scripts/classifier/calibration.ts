/**
 * Is the category confidence worth comparing with a review threshold? A reliability table (does
 * "70%" come true 70% of the time?), its expected calibration error, and the selective accuracy a
 * threshold buys: alertgate decides alone above it and asks a person below it.
 */
import type { CategoryCalibration } from '../../shared/domain/triage/keyless/keyless-predict.ts';

export type ReliabilityBin = {
  /** The bin holds confidences in [low, high); the last bin includes 1. */
  readonly low: number;
  readonly high: number;
  readonly count: number;
  readonly meanConfidence: number;
  readonly accuracy: number;
};

export type SelectiveRow = {
  readonly threshold: number;
  /** Share of alerts with confidence ≥ threshold: decided without a person. */
  readonly coverage: number;
  /** Accuracy on those alerts (NaN when none). */
  readonly accuracy: number;
  readonly count: number;
};

/** Equal-width bins over [0, 1]; empty bins are kept so tables line up from run to run. */
export function reliabilityBins(confidences: readonly number[], correct: readonly boolean[], bins = 10): ReliabilityBin[] {
  const tallies = Array.from({ length: bins }, () => ({ count: 0, confidence: 0, right: 0 }));
  confidences.forEach((confidence, i) => {
    const tally = tallies[Math.min(bins - 1, Math.floor(confidence * bins))];
    if (tally === undefined) return;
    tally.count++;
    tally.confidence += confidence;
    tally.right += correct[i] ? 1 : 0;
  });
  return tallies.map((tally, b) => ({
    low: b / bins,
    high: (b + 1) / bins,
    count: tally.count,
    meanConfidence: tally.count === 0 ? Number.NaN : tally.confidence / tally.count,
    accuracy: tally.count === 0 ? Number.NaN : tally.right / tally.count,
  }));
}

/** Expected calibration error: the count-weighted gap between confidence and accuracy over the bins. */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  return bins.reduce((sum, bin) => (bin.count === 0 ? sum : sum + (bin.count / total) * Math.abs(bin.accuracy - bin.meanConfidence)), 0);
}

/**
 * Mean log-loss of "the top category is right" at the stated confidence: a smooth, bin-free score
 * that is lowest when confidence is calibrated, so it picks the temperature.
 */
export function correctnessLogLoss(confidences: readonly number[], correct: readonly boolean[]): number {
  const clamp = (p: number) => Math.min(1 - 1e-9, Math.max(1e-9, p));
  const total = confidences.reduce((sum, confidence, i) => sum - Math.log(correct[i] ? clamp(confidence) : 1 - clamp(confidence)), 0);
  return total / Math.max(1, confidences.length);
}

/** Coverage and accuracy of the alerts at or above each threshold. */
export function selectiveAccuracy(
  confidences: readonly number[],
  correct: readonly boolean[],
  thresholds: readonly number[],
): SelectiveRow[] {
  return thresholds.map((threshold) => {
    let count = 0;
    let right = 0;
    confidences.forEach((confidence, i) => {
      if (confidence < threshold) return;
      count++;
      right += correct[i] ? 1 : 0;
    });
    return { threshold, coverage: count / Math.max(1, confidences.length), accuracy: count === 0 ? Number.NaN : right / count, count };
  });
}

/** The project's aim for a review threshold: this selective accuracy at this coverage or more. */
export const REVIEW_AIM = { accuracy: 0.9, coverage: 0.6 } as const;

/**
 * The default review threshold: the lowest threshold whose selective accuracy reaches the aim's
 * accuracy on at least `minCount` alerts (fewer would make the figure noise). When none does, the
 * threshold with the best selective accuracy on `minCount` alerts or more, flagged as short of it.
 */
export function recommendReviewThreshold(rows: readonly SelectiveRow[], minCount = 20): { row: SelectiveRow; reachesAccuracy: boolean } {
  const supported = rows.filter((row) => row.count >= minCount);
  const reaching = supported.find((row) => row.accuracy >= REVIEW_AIM.accuracy);
  if (reaching !== undefined) return { row: reaching, reachesAccuracy: true };
  const best = supported.reduce<SelectiveRow | undefined>((a, b) => (a === undefined || b.accuracy > a.accuracy ? b : a), undefined);
  if (best === undefined) throw new Error(`no threshold keeps ${minCount} alerts`);
  return { row: best, reachesAccuracy: false };
}

const logit = (p: number) => {
  const clamped = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(clamped / (1 - clamped));
};

/**
 * Fits Platt scaling, P(right) = σ(slope · logit(confidence) + intercept), by Newton's method on the
 * log-loss: a two-parameter logistic regression, a few iterations from the identity.
 */
export function fitPlattScaling(confidences: readonly number[], correct: readonly boolean[]): CategoryCalibration {
  const x = confidences.map(logit);
  let slope = 1;
  let intercept = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    // Gradient and Hessian of the log-loss in (slope, intercept).
    let gs = 0;
    let gi = 0;
    let hss = 0;
    let hsi = 0;
    let hii = 0;
    x.forEach((xi, i) => {
      const p = 1 / (1 + Math.exp(-(slope * xi + intercept)));
      const residual = p - (correct[i] ? 1 : 0);
      const w = p * (1 - p);
      gs += residual * xi;
      gi += residual;
      hss += w * xi * xi;
      hsi += w * xi;
      hii += w;
    });
    const determinant = hss * hii - hsi * hsi;
    if (Math.abs(determinant) < 1e-12) break;
    const stepSlope = (hii * gs - hsi * gi) / determinant;
    const stepIntercept = (hss * gi - hsi * gs) / determinant;
    slope -= stepSlope;
    intercept -= stepIntercept;
    if (Math.abs(stepSlope) + Math.abs(stepIntercept) < 1e-10) break;
  }
  return { slope, intercept };
}
