/**
 * Evaluates the keyless classifier on services it never saw: grouped k-fold by service (all of a
 * service's alerts in one fold), training on the other folds only.
 *   npm run eval:router [-- --folds 10] [-- --experiments]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_REVIEW_BELOW } from '../../shared/domain/tenants/tenant-config.ts';
import { CATEGORIES } from '../../shared/domain/triage/categories.ts';
import { calibrateConfidence, type KeylessPrediction, SEVERITIES } from '../../shared/domain/triage/keyless/keyless-predict.ts';
import { groupBootstrapInterval } from './bootstrap.ts';
import {
  correctnessLogLoss,
  expectedCalibrationError,
  fitPlattScaling,
  REVIEW_AIM,
  recommendReviewThreshold,
  reliabilityBins,
  selectiveAccuracy,
} from './calibration.ts';
import { loadCatalogue } from './catalogue.ts';
import { crossValidate } from './cross-validate.ts';
import { EXPERIMENTS } from './experiments.ts';
import { groupedFolds, itemFolds } from './grouped-folds.ts';
import { type ClassificationReport, classificationReport } from './metrics.ts';
import { DEFAULT_CONFIG, type TrainingConfig } from './train.ts';

const { values } = parseArgs({
  options: { folds: { type: 'string', default: '10' }, experiments: { type: 'boolean', default: false } },
});
const k = Number(values.folds);
if (!Number.isInteger(k) || k < 2) throw new Error(`--folds must be an integer ≥ 2, got ${values.folds}`);

const alerts = loadCatalogue();
const folds = groupedFolds(
  alerts.map((alert) => alert.service),
  k,
);

const SHORT: Record<string, string> = {
  'Basic resource monitoring': 'Basic',
  Databases: 'DB',
  'Message brokers': 'Broker',
  'Proxies, load balancers and service meshes': 'Proxy',
  Runtimes: 'Runtime',
  Orchestrators: 'Orch',
  'Network and security': 'NetSec',
  Storage: 'Storage',
  Observability: 'Obs',
  'CI/CD': 'CI/CD',
  'Data engineering': 'DataEng',
  'Cloud providers': 'Cloud',
  Other: 'Other',
};

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const short = (label: string) => SHORT[label] ?? label;

function summarise(config: TrainingConfig) {
  const predictions = crossValidate(alerts, folds, config);
  const category = classificationReport(
    CATEGORIES,
    alerts.map((alert) => alert.category),
    predictions.map((prediction) => prediction.category),
  );
  const severity = classificationReport(
    SEVERITIES,
    alerts.map((alert) => alert.severity),
    predictions.map((prediction) => prediction.severity),
  );
  const abstained = predictions.filter((prediction) => prediction.service === undefined).length / predictions.length;
  return { predictions, category, severity, abstained };
}

function seenCategoryAccuracy(config: TrainingConfig): number {
  const predictions = crossValidate(alerts, itemFolds(alerts.length, k), config);
  return predictions.filter((prediction, i) => prediction.category === alerts[i]?.category).length / alerts.length;
}

/** Category temperatures tried when fitting calibration on the grouped folds. */
const TEMPERATURES = Array.from({ length: 31 }, (_, i) => 1 + i * 0.1);
/** Review thresholds shown, 0.30 … 0.95. */
const THRESHOLDS = Array.from({ length: 14 }, (_, i) => 0.3 + i * 0.05);

const isCorrect = (predictions: readonly KeylessPrediction[]) =>
  predictions.map((prediction, i) => prediction.category === alerts[i]?.category);
const confidenceOf = (predictions: readonly KeylessPrediction[]) => predictions.map((prediction) => prediction.categoryConfidence);

/** No calibration: the category head's softmax as it is. */
const UNCALIBRATED = { slope: 1, intercept: 0 } as const;

/**
 * The category temperature whose grouped-fold confidences (uncalibrated) have the lowest
 * correctness log-loss. The temperature only rescales the softmax: the categories stay the same.
 */
function fitCategoryTemperature(config: TrainingConfig): { temperature: number; logLoss: number } {
  return TEMPERATURES.map((temperature) => {
    const predictions = crossValidate(alerts, folds, {
      ...config,
      temperature: { ...config.temperature, category: temperature },
      categoryCalibration: UNCALIBRATED,
    });
    return { temperature, logLoss: correctnessLogLoss(confidenceOf(predictions), isCorrect(predictions)) };
  }).reduce((best, next) => (next.logLoss < best.logLoss ? next : best));
}

/** ECE when each fold's calibration is fitted on the other folds only: the figure not fitted to itself. */
function crossFittedEce(raw: readonly number[], correct: readonly boolean[]): number {
  const calibrated = [...raw];
  for (const fold of new Set(folds)) {
    const others = raw.map((_, i) => folds[i] !== fold);
    const fit = fitPlattScaling(
      raw.filter((_, i) => others[i]),
      correct.filter((_, i) => others[i]),
    );
    raw.forEach((p, i) => {
      if (!others[i]) calibrated[i] = calibrateConfidence(p, fit);
    });
  }
  return expectedCalibrationError(reliabilityBins(calibrated, correct));
}

function printReliability(confidences: readonly number[], correct: readonly boolean[]): void {
  console.log('  confidence   alerts  mean confidence  accuracy     gap');
  for (const bin of reliabilityBins(confidences, correct)) {
    const range = `${bin.low.toFixed(1)}–${bin.high.toFixed(1)}`;
    const figures =
      bin.count === 0
        ? '               —         —       —'
        : `${pct(bin.meanConfidence).padStart(16)}  ${pct(bin.accuracy).padStart(8)}  ${pct(bin.accuracy - bin.meanConfidence).padStart(6)}`;
    console.log(`  ${range.padEnd(10)} ${String(bin.count).padStart(7)} ${figures}`);
  }
}

function printCalibration(predictions: readonly KeylessPrediction[], config: TrainingConfig): void {
  const confidences = confidenceOf(predictions);
  const correct = isCorrect(predictions);
  const raw = confidenceOf(crossValidate(alerts, folds, { ...config, categoryCalibration: UNCALIBRATED }));
  const temperature = fitCategoryTemperature(config);
  const platt = fitPlattScaling(raw, correct);
  const shipped = config.categoryCalibration;
  console.log(
    `Reliability of the category confidence (grouped ${k}-fold; temperature ${config.temperature.category}, ` +
      `Platt scaling slope ${shipped.slope}, intercept ${shipped.intercept}):`,
  );
  printReliability(confidences, correct);
  console.log(
    `ECE ${pct(expectedCalibrationError(reliabilityBins(confidences, correct)))} (temperature alone: ` +
      `${pct(expectedCalibrationError(reliabilityBins(raw, correct)))}; Platt scaling fitted on the other folds only: ` +
      `${pct(crossFittedEce(raw, correct))}); correctness log-loss ${correctnessLogLoss(confidences, correct).toFixed(4)}.`,
  );
  console.log(
    `Fitted on these folds: temperature ${temperature.temperature.toFixed(1)} (lowest log-loss, ${temperature.logLoss.toFixed(4)}); ` +
      `then Platt scaling slope ${platt.slope.toFixed(2)}, intercept ${platt.intercept.toFixed(2)}. ` +
      'DEFAULT_CONFIG (train.ts) ships these, rounded.',
  );
  const rows = selectiveAccuracy(confidences, correct, THRESHOLDS);
  console.log('\nSelective accuracy: alerts at or above a threshold are decided alone, the rest go to review.');
  console.log('  threshold  coverage  alerts  selective accuracy (95% interval, resampling services)');
  for (const row of rows) {
    const kept = predictions.map((prediction) => prediction.categoryConfidence >= row.threshold);
    const [low, high] = groupBootstrapInterval(
      correct.filter((_, i) => kept[i]),
      alerts.filter((_, i) => kept[i]).map((alert) => alert.service),
    );
    const accuracy = row.count === 0 ? '—' : `${pct(row.accuracy)} (${pct(low)}–${pct(high)})`;
    console.log(
      `  ${row.threshold.toFixed(2).padStart(9)}  ${pct(row.coverage).padStart(8)}  ${String(row.count).padStart(6)}  ${accuracy}`,
    );
  }
  const atAimCoverage = [...confidences].sort((a, b) => b - a)[Math.ceil(REVIEW_AIM.coverage * confidences.length) - 1] ?? 0;
  const [atAim] = selectiveAccuracy(confidences, correct, [atAimCoverage]);
  const { row, reachesAccuracy } = recommendReviewThreshold(rows);
  console.log(
    `\nAim: ≥ ${pct(REVIEW_AIM.accuracy)} selective accuracy at ≥ ${pct(REVIEW_AIM.coverage)} coverage. ` +
      `At ${pct(atAim?.coverage ?? 0)} coverage (threshold ${atAimCoverage.toFixed(2)}) the classifier reaches ${pct(atAim?.accuracy ?? 0)}: ` +
      `${(atAim?.accuracy ?? 0) >= REVIEW_AIM.accuracy ? 'the aim is met' : 'short of the aim'}.`,
  );
  const [byDefault] = selectiveAccuracy(confidences, correct, [DEFAULT_REVIEW_BELOW]);
  console.log(
    `Shipped default (routing.reviewBelow ${DEFAULT_REVIEW_BELOW.toFixed(2)}): ${pct(byDefault?.coverage ?? 0)} of alerts decided alone at ` +
      `${pct(byDefault?.accuracy ?? 0)}; the rest need review. Tenants who would rather review more set it higher.`,
  );
  console.log(
    `Strictest useful threshold: ${row.threshold.toFixed(2)}: ` +
      `${pct(row.accuracy)} selective accuracy on ${pct(row.coverage)} of alerts` +
      `${reachesAccuracy ? `, the lowest threshold reaching ${pct(REVIEW_AIM.accuracy)}` : `; no threshold reaches ${pct(REVIEW_AIM.accuracy)} on 20 alerts or more`}.`,
  );
  // Most production alerts come from well-known exporters, which the catalogue does cover.
  const seen = crossValidate(alerts, itemFolds(alerts.length, k), config);
  const [onSeen] = selectiveAccuracy(confidenceOf(seen), isCorrect(seen), [row.threshold]);
  console.log(
    `For contrast, on services seen in training (alert-level ${k}-fold) that threshold covers ${pct(onSeen?.coverage ?? 0)} ` +
      `of alerts at ${pct(onSeen?.accuracy ?? 0)} selective accuracy (calibrated for unseen services, so cautious there).`,
  );
}

function printPerClass(report: ClassificationReport): void {
  console.log(`  ${'category'.padEnd(44)} support  precision  recall     F1`);
  for (const row of report.perClass) {
    console.log(
      `  ${row.label.padEnd(44)} ${String(row.support).padStart(7)}  ${pct(row.precision).padStart(9)}  ${pct(row.recall).padStart(6)}  ${pct(row.f1).padStart(6)}`,
    );
  }
}

function printConfusion(report: ClassificationReport): void {
  const width = 8;
  console.log(`  actual \\ predicted`.padEnd(12 + width) + report.labels.map((label) => short(label).padStart(width)).join(''));
  report.confusion.forEach((row, r) => {
    const cells = row.map((n, c) => (n === 0 ? '.' : r === c ? `[${n}]` : String(n)).padStart(width)).join('');
    console.log(`  ${short(report.labels[r] as string).padEnd(10 + width)}${cells}`);
  });
}

function printTopConfusions(report: ClassificationReport, count: number): void {
  const pairs = report.confusion
    .flatMap((row, r) => row.map((n, c) => ({ n, from: report.labels[r] as string, to: report.labels[c] as string, same: r === c })))
    .filter((pair) => !pair.same && pair.n > 0)
    .sort((a, b) => b.n - a.n || (a.from < b.from ? -1 : 1))
    .slice(0, count);
  console.log('Most frequent confusions (actual → predicted):');
  for (const pair of pairs) console.log(`  ${String(pair.n).padStart(3)}  ${pair.from} → ${pair.to}`);
}

function printServiceCheck(): void {
  // Services seen in training: alert-level folds share services between training and test.
  const seen = crossValidate(alerts, itemFolds(alerts.length, k), DEFAULT_CONFIG);
  const named = seen.filter((prediction) => prediction.service !== undefined);
  const right = named.filter((prediction) => prediction.service === alerts[seen.indexOf(prediction)]?.service).length;
  console.log(
    `Service on services seen in training (alert-level ${k}-fold, a separate run): named ${pct(named.length / alerts.length)} of alerts, ` +
      `right ${pct(right / Math.max(1, named.length))} of those named.`,
  );
}

if (values.experiments) {
  console.log(`Unseen: grouped ${k}-fold by service. Seen: alert-level ${k}-fold (services shared), for contrast only.\n`);
  console.log(`  ${'experiment'.padEnd(58)}  unseen services: category  macro-F1  severity   seen: category`);
  for (const experiment of EXPERIMENTS) {
    const { category, severity } = summarise(experiment.config);
    const seen = seenCategoryAccuracy(experiment.config);
    console.log(
      `  ${experiment.name.padEnd(58)} ${pct(category.accuracy).padStart(26)}  ${pct(category.macroF1).padStart(8)}  ${pct(severity.accuracy).padStart(8)}  ${pct(seen).padStart(15)}`,
    );
  }
} else {
  const { predictions, category, severity, abstained } = summarise(DEFAULT_CONFIG);
  const dataOnly = summarise({ ...DEFAULT_CONFIG, lexiconWeight: 0 }).category;
  const serviceCount = new Set(alerts.map((alert) => alert.service)).size;
  const [low, high] = groupBootstrapInterval(
    predictions.map((prediction, i) => prediction.category === alerts[i]?.category),
    alerts.map((alert) => alert.service),
  );
  console.log(
    `Keyless classifier ${DEFAULT_CONFIG.version}: grouped ${k}-fold by service (${serviceCount} services, ${alerts.length} alerts).`,
  );
  console.log('Every alert is predicted by a model trained without any alert of its service.\n');
  console.log(
    `Category accuracy: ${pct(category.accuracy)} (95% interval, resampling services: ${pct(low)}–${pct(high)})   ` +
      `macro-F1: ${pct(category.macroF1)}   severity accuracy: ${pct(severity.accuracy)}`,
  );
  console.log(
    `Without prior knowledge (generic lexicon off, data only): category accuracy ${pct(dataOnly.accuracy)}, macro-F1 ${pct(dataOnly.macroF1)}.`,
  );
  console.log(
    `Category accuracy on services seen in training (alert-level ${k}-fold, for contrast): ${pct(seenCategoryAccuracy(DEFAULT_CONFIG))}.`,
  );
  console.log(`Service on unseen services: abstained on ${pct(abstained)} of alerts (naming a seen service is always wrong here).`);
  printServiceCheck();
  console.log('');
  printCalibration(predictions, DEFAULT_CONFIG);
  console.log('\nPer category:');
  printPerClass(category);
  console.log('\nConfusion between categories (rows actual, columns predicted):');
  printConfusion(category);
  console.log('');
  printTopConfusions(category, 8);
  console.log('\nSeverity per class:');
  for (const row of severity.perClass)
    console.log(
      `  ${row.label.padEnd(10)} support ${String(row.support).padStart(4)}  recall ${pct(row.recall).padStart(6)}  precision ${pct(row.precision).padStart(6)}`,
    );
}
