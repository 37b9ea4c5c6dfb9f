/**
 * Trains the keyless model (three naive Bayes heads: category, service, severity) from labelled
 * alerts. build-model.ts trains it on the whole catalogue; eval.ts on the training folds only.
 */
import { CATEGORIES, type Category } from '../../shared/domain/triage/categories.ts';
import { extractFeatures, type FeatureOptions } from '../../shared/domain/triage/keyless/keyless-features.ts';
import type { NaiveBayesHead } from '../../shared/domain/triage/keyless/keyless-naive-bayes.ts';
import { type CategoryCalibration, type KeylessModel, SEVERITIES } from '../../shared/domain/triage/keyless/keyless-predict.ts';
import type { LabelledAlert } from './catalogue.ts';
import { GENERIC_LEXICON, GENERIC_LEXICON_VERSION } from './generic-lexicon.ts';

/** The choices training makes; eval.ts compares variants of it. */
export type TrainingConfig = {
  readonly version: string;
  readonly features: FeatureOptions;
  /** Additive smoothing of each head. */
  readonly alpha: { readonly category: number; readonly service: number; readonly severity: number };
  readonly temperature: { readonly category: number; readonly service: number; readonly severity: number };
  /** Platt scaling of the category confidence; `npm run eval:router` fits it on whole-service folds. */
  readonly categoryCalibration: CategoryCalibration;
  /**
   * Each alert weighs n^-balance, n = alerts of its service (rescaled to keep the total): 0 counts
   * every alert alike, 1 gives every service one vote, so big services don't drown their category.
   */
  readonly serviceBalance: number;
  /** Category prior: from the (balanced) training weights, or uniform. */
  readonly categoryPrior: 'empirical' | 'uniform';
  /** The category head keeps features seen in at least this many services: generic vocabulary. */
  readonly categoryMinServices: number;
  readonly serviceAbstainBelow: number;
  /** A service named with at least this confidence gives its category (> 1: never). */
  readonly serviceDecidesCategoryAbove: number;
  /** The category head drops features found in more than this share of alerts (e.g. 'instance'). */
  readonly categoryMaxAlertShare: number;
  /** Pseudo-count of each generic-lexicon word in its category; 0 leaves the prior knowledge out. */
  readonly lexiconWeight: number;
};

/**
 * The configuration build-model.ts ships, chosen on the grouped evaluation (`npm run eval:router --
 * --experiments` shows each choice against its alternative). The temperatures and the category
 * calibration make confidence match accuracy on unseen services (eval:router fits and prints them).
 */
export const DEFAULT_CONFIG: TrainingConfig = {
  version: 'keyless-2',
  features: {
    wordBigrams: false,
    charNgrams: [],
    stem: true,
    nameWeight: 1,
    binary: true,
    ignoredLabels: ['alertname', 'severity'],
  },
  alpha: { category: 1, service: 0.1, severity: 1 },
  temperature: { category: 2, service: 2, severity: 2.5 },
  // Fitted by `npm run eval:router` on the grouped folds' category confidences at temperature 2.
  categoryCalibration: { slope: 0.7, intercept: 0.06 },
  serviceBalance: 0,
  categoryPrior: 'uniform',
  categoryMinServices: 1,
  categoryMaxAlertShare: 0.5,
  serviceAbstainBelow: 0.5,
  serviceDecidesCategoryAbove: 2,
  lexiconWeight: 20,
};

export const SOURCE: KeylessModel['source'] = {
  name: 'awesome-prometheus-alerts (samber/awesome-prometheus-alerts, _data/rules.yml)',
  url: 'https://github.com/samber/awesome-prometheus-alerts',
  license: 'CC BY 4.0',
  licenseUrl: 'https://creativecommons.org/licenses/by/4.0/',
  changes: 'Rules rendered as sample alerts with sample values; counts of words learned from them by a naive Bayes model.',
};

/** A training example; `service` is absent for a lexicon pseudo-alert, which adds counts but no prior weight. */
type Example = { readonly bag: ReadonlyMap<string, number>; readonly weight: number; readonly label: number; readonly service?: string };

/** Keeps counts short in the JSON; four decimals is far below what changes a prediction. */
const round = (value: number) => Math.round(value * 10_000) / 10_000;

function serviceWeights(alerts: readonly LabelledAlert[], balance: number): number[] {
  const sizes = new Map<string, number>();
  for (const alert of alerts) sizes.set(alert.service, (sizes.get(alert.service) ?? 0) + 1);
  const raw = alerts.map((alert) => (sizes.get(alert.service) ?? 1) ** -balance);
  const scale = alerts.length / raw.reduce((sum, weight) => sum + weight, 0);
  return raw.map((weight) => weight * scale);
}

function trainHead(
  labels: readonly string[],
  examples: readonly Example[],
  options: { alpha: number; temperature: number; prior: 'empirical' | 'uniform'; minServices: number; maxAlertShare: number },
): NaiveBayesHead {
  const counts = new Map<string, Float64Array>();
  const services = new Map<string, Set<string>>();
  const alertsWith = new Map<string, number>();
  const classWeights = new Float64Array(labels.length);
  const pseudo = new Set<string>();
  const realExamples = examples.filter((example) => example.service !== undefined).length;
  for (const example of examples) {
    if (example.service !== undefined) classWeights[example.label] = (classWeights[example.label] as number) + example.weight;
    for (const [feature, value] of example.bag) {
      let row = counts.get(feature);
      if (row === undefined) {
        row = new Float64Array(labels.length);
        counts.set(feature, row);
        services.set(feature, new Set());
      }
      row[example.label] = (row[example.label] as number) + value * example.weight;
      if (example.service === undefined) pseudo.add(feature);
      else {
        services.get(feature)?.add(example.service);
        alertsWith.set(feature, (alertsWith.get(feature) ?? 0) + 1);
      }
    }
  }
  const features: Record<string, number[]> = {};
  const classTotals = new Array<number>(labels.length).fill(0);
  for (const feature of [...counts.keys()].sort()) {
    const seenIn = services.get(feature)?.size ?? 0;
    if (!pseudo.has(feature) && seenIn < options.minServices) continue;
    if ((alertsWith.get(feature) ?? 0) > options.maxAlertShare * realExamples) continue;
    const row = counts.get(feature) as Float64Array;
    const sparse: number[] = [];
    row.forEach((count, c) => {
      if (count <= 0) return;
      sparse.push(c, round(count));
      classTotals[c] = (classTotals[c] as number) + round(count);
    });
    features[feature] = sparse;
  }
  const totalWeight = classWeights.reduce((sum, weight) => sum + weight, 0);
  const logPrior = Array.from(classWeights, (weight) =>
    round(options.prior === 'uniform' ? -Math.log(labels.length) : Math.log((weight + 1) / (totalWeight + labels.length))),
  );
  return {
    labels: [...labels],
    logPrior,
    classTotals: classTotals.map(round),
    alpha: options.alpha,
    vocabularySize: Math.max(1, Object.keys(features).length),
    temperature: options.temperature,
    features,
  };
}

function lexiconExamples(labels: readonly Category[], config: TrainingConfig): Example[] {
  if (config.lexiconWeight <= 0) return [];
  return labels.map((category, label) => ({
    bag: extractFeatures({ name: '', description: GENERIC_LEXICON[category], labels: {} }, { ...config.features, binary: true }),
    weight: config.lexiconWeight,
    label,
  }));
}

/** Trains the three heads of the keyless model on `alerts`. Deterministic: same alerts, same model. */
export function trainModel(alerts: readonly LabelledAlert[], config: TrainingConfig = DEFAULT_CONFIG): KeylessModel {
  const weights = serviceWeights(alerts, config.serviceBalance);
  const bags = alerts.map((alert) => extractFeatures(alert.input, config.features));
  const serviceLabels = [...new Set(alerts.map((alert) => alert.service))].sort();
  const serviceCategory = new Map(alerts.map((alert) => [alert.service, alert.category]));
  const categoryLabels = CATEGORIES.filter((category) => alerts.some((alert) => alert.category === category));
  const examples = (label: (alert: LabelledAlert) => number, balanced: boolean): Example[] =>
    alerts.map((alert, i) => ({
      bag: bags[i] as ReadonlyMap<string, number>,
      weight: balanced ? (weights[i] as number) : 1,
      label: label(alert),
      service: alert.service,
    }));
  return {
    version: config.version,
    source: SOURCE,
    trainedOn: { alerts: alerts.length, services: serviceLabels.length, categories: categoryLabels.length },
    priorKnowledge:
      config.lexiconWeight > 0
        ? `${GENERIC_LEXICON_VERSION}: generic words per category (scripts/classifier/generic-lexicon.ts), pseudo-count ${config.lexiconWeight} each`
        : 'none',
    features: config.features,
    category: trainHead(
      categoryLabels,
      [...examples((alert) => categoryLabels.indexOf(alert.category), true), ...lexiconExamples(categoryLabels, config)],
      {
        alpha: config.alpha.category,
        temperature: config.temperature.category,
        prior: config.categoryPrior,
        minServices: config.categoryMinServices,
        maxAlertShare: config.categoryMaxAlertShare,
      },
    ),
    categoryCalibration: config.categoryCalibration,
    severity: trainHead(
      SEVERITIES,
      examples((alert) => SEVERITIES.indexOf(alert.severity), true),
      { alpha: config.alpha.severity, temperature: config.temperature.severity, prior: 'empirical', minServices: 1, maxAlertShare: 1 },
    ),
    service: {
      head: trainHead(
        serviceLabels,
        examples((alert) => serviceLabels.indexOf(alert.service), false),
        { alpha: config.alpha.service, temperature: config.temperature.service, prior: 'empirical', minServices: 1, maxAlertShare: 1 },
      ),
      categories: serviceLabels.map((service) => serviceCategory.get(service) as Category),
      abstainBelow: config.serviceAbstainBelow,
      decidesCategoryAbove: config.serviceDecidesCategoryAbove,
    },
  };
}
