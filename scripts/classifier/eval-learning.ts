/**
 * How fast a tenant's corrections teach the router services it never saw. Whole-service folds:
 * for each fold the shipped model is trained without its services; then, for c = 0…3, the first
 * c alerts of each held-out service (in catalogue order) are corrected in one tenant's model, and
 * the service's remaining alerts are routed with it.
 *   npm run eval:learning [-- --folds 10]
 */
import { parseArgs } from 'node:util';
import { MAX_KEYS } from '../../shared/domain/stats/tenant-stats.ts';
import { DEFAULT_REVIEW_BELOW } from '../../shared/domain/tenants/tenant-config.ts';
import { createKeylessPredictor } from '../../shared/domain/triage/keyless/keyless-predict.ts';
import { NO_LEARNING, withExample } from '../../shared/domain/triage/learning/learned-example.ts';
import { exampleFrom, tenantModel } from '../../shared/domain/triage/learning/tenant-model.ts';
import { type LabelledAlert, loadCatalogue } from './catalogue.ts';
import { groupedFolds } from './grouped-folds.ts';
import { DEFAULT_CONFIG, trainModel } from './train.ts';

const { values } = parseArgs({ options: { folds: { type: 'string', default: '10' } } });
const k = Number(values.folds);
const alerts = loadCatalogue();
const folds = groupedFolds(
  alerts.map((alert) => alert.service),
  k,
);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** `alone`: decided without review at the default threshold (learned routes are never reviewed). */
type Outcome = { right: boolean; learned: boolean; alone: boolean };
type FoldResult = { corrected: Outcome[]; uncorrected: Outcome[]; seenChangedWrong: number; seen: number };

/**
 * One fold: corrections of the first `corrections` alerts of the held-out services of one half
 * (alternating by name), routing of the remaining alerts of those services (`corrected`), of the
 * other half's services (`uncorrected`: learning must not take them over), and of the services
 * the shipped model was trained on (`seen…`: how often learning turns a right answer wrong).
 */
function runFold(fold: number, corrections: number, half: 0 | 1, withNames = true): FoldResult {
  const model = trainModel(
    alerts.filter((_, i) => folds[i] !== fold),
    DEFAULT_CONFIG,
  );
  const predict = createKeylessPredictor(model);
  const byService = new Map<string, LabelledAlert[]>();
  alerts.forEach((alert, i) => {
    if (folds[i] === fold) byService.set(alert.service, [...(byService.get(alert.service) ?? []), alert]);
  });
  const services = [...byService.keys()].sort();
  const corrected = new Set(services.filter((_, i) => i % 2 === half));
  let learning = NO_LEARNING;
  for (const service of corrected)
    (byService.get(service) ?? []).slice(0, corrections).forEach((alert, n) => {
      const correction = {
        correctionId: `${service}#${n}`,
        by: 'eval',
        at: '2026-12-01T00:00:00.000Z',
        set: { category: alert.category, service },
      };
      learning = withExample(learning, exampleFrom(alert.input, correction, model));
    });
  // The tenant's counters know its alert names (at most MAX_KEYS): here, those of the held-out services.
  // A tenant of a few services, one of them big, finds the big one's product word in half its
  // names, takes it for a house word, and learns less: shown against a tenant whose names are not known.
  const alertNames = withNames ? [...new Set([...byService.values()].flat().map((alert) => alert.input.name))].slice(0, MAX_KEYS) : [];
  const tenant = tenantModel(learning, { shipped: model, alertNames });
  const route = (alert: LabelledAlert): Outcome => {
    const shipped = predict(alert.input);
    const learned = tenant.route(alert.input, shipped.service !== undefined);
    const category = learned?.set.category ?? shipped.category;
    const alone = learned !== undefined || shipped.categoryConfidence >= DEFAULT_REVIEW_BELOW;
    return { right: category === alert.category, learned: learned !== undefined, alone };
  };
  const result: FoldResult = { corrected: [], uncorrected: [], seenChangedWrong: 0, seen: 0 };
  for (const [service, list] of byService) {
    if (corrected.has(service)) result.corrected.push(...list.slice(corrections).map(route));
    else result.uncorrected.push(...list.slice(corrections).map(route));
  }
  alerts.forEach((alert, i) => {
    if (folds[i] === fold) return;
    result.seen++;
    if (predict(alert.input).category === alert.category && !route(alert).right) result.seenChangedWrong++;
  });
  return result;
}

const accuracy = (outcomes: readonly Outcome[]) => outcomes.filter((o) => o.right).length / Math.max(1, outcomes.length);

const share = (outcomes: readonly Outcome[], test: (outcome: Outcome) => boolean) =>
  outcomes.filter(test).length / Math.max(1, outcomes.length);

console.log(
  `Learning from corrections: grouped ${k}-fold by service (${alerts.length} alerts). In each fold, half the held-out services get their first alerts corrected.`,
);
console.log('Accuracy on the corrected services\' remaining alerts (mean over folds and halves, range); "uncorrected": the other half;');
console.log('"seen made wrong": alerts of the training services that learning turned from right to wrong.');
console.log(
  `Selective: corrected services' alerts decided without review at the default reviewBelow ${DEFAULT_REVIEW_BELOW} (learned routes are never reviewed).\n`,
);
console.log('  corrections   accuracy (range)               by learning   uncorrected   seen made wrong   selective: coverage  accuracy');
for (const corrections of [0, 1, 2, 3]) {
  const perFold = [...new Set(folds)].flatMap((fold) => [runFold(fold, corrections, 0), runFold(fold, corrections, 1)]);
  const accuracies = perFold.filter((r) => r.corrected.length > 0).map((r) => accuracy(r.corrected));
  const all = perFold.flatMap((r) => r.corrected);
  const mean = accuracies.reduce((s, a) => s + a, 0) / accuracies.length;
  const uncorrected = perFold.flatMap((r) => r.uncorrected);
  const seenWrong = perFold.reduce((s, r) => s + r.seenChangedWrong, 0) / perFold.reduce((s, r) => s + r.seen, 0);
  const alone = all.filter((outcome) => outcome.alone);
  console.log(
    `  ${String(corrections).padStart(11)}   ${pct(mean).padStart(6)} (${pct(Math.min(...accuracies))}–${pct(Math.max(...accuracies))})`.padEnd(
      47,
    ) +
      `${pct(share(all, (o) => o.learned)).padStart(11)}   ${pct(accuracy(uncorrected)).padStart(11)}   ${pct(seenWrong).padStart(15)}` +
      `   ${pct(alone.length / all.length).padStart(18)}  ${pct(accuracy(alone)).padStart(8)}`,
  );
}

console.log(
  "\nThe same, without the tenant's alert names (no house words looked for): accuracy on the corrected services' remaining alerts.",
);
for (const corrections of [1, 2, 3]) {
  const perFold = [...new Set(folds)].flatMap((fold) => [runFold(fold, corrections, 0, false), runFold(fold, corrections, 1, false)]);
  const accuracies = perFold.filter((r) => r.corrected.length > 0).map((r) => accuracy(r.corrected));
  const mean = accuracies.reduce((s, a) => s + a, 0) / accuracies.length;
  console.log(
    `  ${String(corrections).padStart(11)}   ${pct(mean).padStart(6)} (${pct(Math.min(...accuracies))}–${pct(Math.max(...accuracies))})`,
  );
}
