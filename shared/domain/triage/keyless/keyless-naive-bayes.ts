/**
 * Multinomial naive Bayes heads over sparse feature counts: the scoring half of the keyless
 * classifier. The training half lives in scripts/classifier/train.ts and writes this shape.
 */
import * as z from 'zod';

const isRecord = (value: unknown): value is Record<string, number[]> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * True when every feature maps to `[classIndex, count, …]` with whole indices below `classes` and
 * finite, non-negative counts. One plain loop: thousands of entries, checked at cold start.
 */
function isSparseCounts(features: Record<string, unknown>, classes: number): boolean {
  for (const key in features) {
    const entry = features[key];
    if (!Array.isArray(entry) || entry.length % 2 !== 0) return false;
    for (let i = 0; i < entry.length; i += 2) {
      const c: unknown = entry[i];
      const count: unknown = entry[i + 1];
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= classes) return false;
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) return false;
    }
  }
  return true;
}

/**
 * One classifier head. `features` maps a feature to its non-zero class counts, flattened as
 * `[classIndex, count, classIndex, count, …]`; every other count is zero.
 */
export const naiveBayesHeadSchema = z
  .object({
    labels: z.array(z.string()).min(2),
    logPrior: z.array(z.number()),
    classTotals: z.array(z.number().nonnegative()),
    alpha: z.number().positive(),
    vocabularySize: z.number().int().positive(),
    /** Divides the log-scores before the softmax; > 1 tempers naive Bayes' over-confidence. */
    temperature: z.number().positive(),
    features: z.custom<Record<string, number[]>>(isRecord, 'features must be an object'),
  })
  .refine((head) => head.logPrior.length === head.labels.length && head.classTotals.length === head.labels.length, {
    message: 'logPrior and classTotals need one entry per label',
  })
  .refine((head) => isSparseCounts(head.features, head.labels.length), {
    message: 'features must map to [classIndex, count, …] lists with class indices within the labels',
  });

export type NaiveBayesHead = z.infer<typeof naiveBayesHeadSchema>;

/** A head with its per-class constants worked out once. */
export type PreparedHead = {
  readonly head: NaiveBayesHead;
  readonly logAlpha: number;
  /** The log-probability of a feature class c never saw: log(alpha) − log(total_c + alpha·V). */
  readonly baseline: Float64Array;
};

/** The outcome of scoring one bag of features. */
export type HeadScores = {
  readonly best: number;
  readonly probabilities: Float64Array;
  /** Features that pushed `best` ahead of the runner-up most, strongest first. */
  readonly evidence: readonly string[];
  /** How many of the bag's features the head knows; 0 means the scores are the prior alone. */
  readonly knownFeatures: number;
};

/** Works out the per-class constants of a head. */
export function prepareHead(head: NaiveBayesHead): PreparedHead {
  const logAlpha = Math.log(head.alpha);
  const baseline = Float64Array.from(head.classTotals, (total) => logAlpha - Math.log(total + head.alpha * head.vocabularySize));
  return { head, logAlpha, baseline };
}

function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const score of scores) max = Math.max(max, score);
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    out[c] = Math.exp(((scores[c] as number) - max) / temperature);
    sum += out[c] as number;
  }
  for (let c = 0; c < out.length; c++) out[c] = (out[c] as number) / sum;
  return out;
}

/** The class count of `feature` for class `c` (zero when not stored). */
function countOf(entry: readonly number[], c: number): number {
  for (let i = 0; i < entry.length; i += 2) if (entry[i] === c) return entry[i + 1] as number;
  return 0;
}

/**
 * Scores a bag of features. Features the head never saw are ignored: an unknown word says
 * nothing about the class, and counting it would only favour the smallest classes.
 */
export function scoreHead(prepared: PreparedHead, bag: ReadonlyMap<string, number>, evidenceCount = 3): HeadScores {
  const { head, logAlpha, baseline } = prepared;
  const classes = head.labels.length;
  const scores = Float64Array.from(head.logPrior);
  const known: [string, number, readonly number[]][] = [];
  let knownWeight = 0;
  for (const [feature, weight] of bag) {
    const entry = Object.hasOwn(head.features, feature) ? head.features[feature] : undefined;
    if (entry === undefined) continue;
    knownWeight += weight;
    known.push([feature, weight, entry]);
    for (let i = 0; i < entry.length; i += 2) {
      const c = entry[i] as number;
      scores[c] = (scores[c] as number) + weight * (Math.log((entry[i + 1] as number) + head.alpha) - logAlpha);
    }
  }
  for (let c = 0; c < classes; c++) scores[c] = (scores[c] as number) + knownWeight * (baseline[c] as number);
  let best = 0;
  let second = classes > 1 ? 1 : 0;
  for (let c = 0; c < classes; c++) if ((scores[c] as number) > (scores[best] as number)) best = c;
  second = best === 0 ? 1 : 0;
  for (let c = 0; c < classes; c++) if (c !== best && (scores[c] as number) > (scores[second] as number)) second = c;
  const margin = (feature: [string, number, readonly number[]]) =>
    feature[1] *
    (Math.log(countOf(feature[2], best) + head.alpha) -
      Math.log(countOf(feature[2], second) + head.alpha) +
      (baseline[best] as number) -
      (baseline[second] as number));
  const evidence = known
    .filter(([feature]) => feature.startsWith('w:'))
    .map((feature) => [feature[0].slice(2), margin(feature)] as const)
    .filter(([, push]) => push > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, evidenceCount)
    .map(([word]) => word);
  return { best, probabilities: softmax(scores, head.temperature), evidence, knownFeatures: known.length };
}
