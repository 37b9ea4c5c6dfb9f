/**
 * The keyless model's shape and how it predicts. Kept apart from the committed JSON so the
 * training and evaluation scripts can predict with models they have just trained.
 */
import * as z from 'zod';
import { CATEGORIES, type Category } from '../categories.ts';
import { extractFeatures, featureOptionsSchema, type KeylessInput } from './keyless-features.ts';
import { naiveBayesHeadSchema, prepareHead, scoreHead } from './keyless-naive-bayes.ts';

/** Severities the model predicts, as in the catalogue's `labels.severity`. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

const categoryHeadSchema = naiveBayesHeadSchema.refine(
  (head) => head.labels.every((label) => (CATEGORIES as readonly string[]).includes(label)),
  {
    message: 'category labels must be routing categories',
  },
);
const severityHeadSchema = naiveBayesHeadSchema.refine(
  (head) => head.labels.every((label) => (SEVERITIES as readonly string[]).includes(label)),
  {
    message: 'severity labels must be critical, warning or info',
  },
);

/**
 * Platt scaling of the category head's probabilities, p' = σ(slope · logit p + intercept), fitted on
 * whole-service folds. Naive Bayes is too unsure of its weak guesses and too sure of its strong ones
 * on unseen services, and one temperature cannot fix both; this makes a confidence of 0.7 come
 * true about 70% of the time, so a review threshold means what it says.
 */
export const categoryCalibrationSchema = z.object({ slope: z.number().positive(), intercept: z.number() });

export type CategoryCalibration = z.infer<typeof categoryCalibrationSchema>;

/** Applies a category calibration to one probability; monotone, so it never reorders categories. */
export function calibrateConfidence(p: number, { slope, intercept }: CategoryCalibration): number {
  const clamped = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return 1 / (1 + Math.exp(-(slope * Math.log(clamped / (1 - clamped)) + intercept)));
}

/** The committed model artifact (shared/domain/triage/keyless/keyless-model.json). */
export const keylessModelSchema = z.object({
  version: z.string().min(1),
  source: z.object({ name: z.string(), url: z.string(), license: z.string(), licenseUrl: z.string(), changes: z.string() }),
  trainedOn: z.object({
    alerts: z.number().int().positive(),
    services: z.number().int().positive(),
    categories: z.number().int().positive(),
  }),
  /** Knowledge added beyond the catalogue (the generic lexicon and its weight), or 'none'. */
  priorKnowledge: z.string(),
  features: featureOptionsSchema,
  category: categoryHeadSchema,
  categoryCalibration: categoryCalibrationSchema,
  severity: severityHeadSchema,
  service: z.object({
    head: naiveBayesHeadSchema,
    /** The category of each service label, in the same order. */
    categories: z.array(z.enum(CATEGORIES)),
    /** Below this confidence the service is not named. */
    abstainBelow: z.number().min(0).max(1),
    /** At or above this confidence the service's own category is the answer (a known service). */
    decidesCategoryAbove: z.number().min(0),
  }),
});

export type KeylessModel = z.infer<typeof keylessModelSchema>;

/** What the keyless classifier says about one alert. Confidences are in [0, 1]. */
export type KeylessPrediction = {
  category: Category;
  /** Calibrated on unseen services: the chance that `category` is right. Compare it with the review threshold. */
  categoryConfidence: number;
  /** Absent when the alert matches no service the model was trained on well enough. */
  service?: string;
  serviceConfidence: number;
  severity: Severity;
  severityConfidence: number;
  version: string;
  rationale: string;
  /** The likeliest categories by the category head, best first (at most three): the guesses shown for review. */
  alternatives: readonly { readonly category: Category; readonly confidence: number }[];
};

const percent = (p: number) => `${Math.round(p * 100)}%`;
const quoted = (list: readonly string[]) => (list.length === 0 ? 'no known words' : list.map((word) => `'${word}'`).join(', '));

/**
 * Prepares a model once and returns its pure predict function.
 * `labels.severity` is never read: callers prefer a severity label when the alert carries one.
 */
export function createKeylessPredictor(model: KeylessModel): (input: KeylessInput) => KeylessPrediction {
  const category = prepareHead(model.category);
  const severity = prepareHead(model.severity);
  const service = prepareHead(model.service.head);
  return (input) => {
    const bag = extractFeatures(input, model.features);
    const byCategory = scoreHead(category, bag);
    const bySeverity = scoreHead(severity, bag, 0);
    const byService = scoreHead(service, bag, 0);
    const serviceConfidence = byService.probabilities[byService.best] ?? 0;
    const severityConfidence = bySeverity.probabilities[bySeverity.best] ?? 0;
    const serviceName = serviceConfidence >= model.service.abstainBelow ? model.service.head.labels[byService.best] : undefined;
    const serviceDecides = serviceName !== undefined && serviceConfidence >= model.service.decidesCategoryAbove;
    // Nothing recognised: the uniform prior ties every category, and "Other" says so honestly.
    const unknown = byCategory.knownFeatures === 0 && model.category.labels.includes('Other');
    const predictedCategory: Category = serviceDecides
      ? (model.service.categories[byService.best] as Category)
      : unknown
        ? 'Other'
        : (model.category.labels[byCategory.best] as Category);
    // Knowing no word, the prior is all there is: its chance level is the honest confidence.
    const calibrated = (p: number) => (unknown ? p : calibrateConfidence(p, model.categoryCalibration));
    const headConfidence = calibrated(byCategory.probabilities[model.category.labels.indexOf(predictedCategory)] ?? 0);
    const categoryConfidence = serviceDecides ? Math.max(serviceConfidence, headConfidence) : headConfidence;
    const predictedSeverity = model.severity.labels[bySeverity.best] as Severity;
    const rationale =
      `${predictedCategory} (${percent(categoryConfidence)}) on ${quoted(byCategory.evidence)}; ` +
      `${serviceName === undefined ? 'no known service' : `service ${serviceName} (${percent(serviceConfidence)})`}; ` +
      `severity ${predictedSeverity} (${percent(severityConfidence)}).`;
    const alternatives = model.category.labels
      .map((label, c) => ({ category: label as Category, confidence: calibrated(byCategory.probabilities[c] ?? 0) }))
      .sort((a, b) => b.confidence - a.confidence || (a.category < b.category ? -1 : 1))
      .slice(0, 3);
    return {
      category: predictedCategory,
      categoryConfidence,
      ...(serviceName === undefined ? {} : { service: serviceName }),
      serviceConfidence,
      severity: predictedSeverity,
      severityConfidence,
      version: model.version,
      rationale,
      alternatives,
    };
  };
}
