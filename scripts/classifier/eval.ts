/**
 * Evaluates the keyless classifier on services it never saw: grouped k-fold by service (all of a
 * service's alerts in one fold), training on the other folds only.
 *   npm run eval:router [-- --folds 10] [-- --experiments]
 */
import { parseArgs } from 'node:util';
import { CATEGORIES } from '../../shared/domain/triage/categories.ts';
import { SEVERITIES } from '../../shared/domain/triage/keyless/keyless-predict.ts';
import { groupBootstrapInterval } from './bootstrap.ts';
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
