/** Classification metrics for the router evaluation: accuracy, per-class precision/recall/F1, confusion. */

export type ClassScores = {
  readonly label: string;
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
};

export type ClassificationReport = {
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perClass: readonly ClassScores[];
  /** confusion[actual][predicted], in `labels` order. */
  readonly confusion: readonly (readonly number[])[];
  readonly labels: readonly string[];
};

/** Scores predictions against truth over `labels` (macro-F1 averages the labels that occur in truth). */
export function classificationReport(
  labels: readonly string[],
  truth: readonly string[],
  predicted: readonly string[],
): ClassificationReport {
  const index = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
  let correct = 0;
  truth.forEach((actual, i) => {
    const guess = predicted[i] as string;
    if (actual === guess) correct++;
    const row = confusion[index.get(actual) ?? -1];
    const column = index.get(guess);
    if (row !== undefined && column !== undefined) row[column] = (row[column] as number) + 1;
  });
  const perClass = labels.map((label, c) => {
    const truePositives = confusion[c]?.[c] ?? 0;
    const support = (confusion[c] ?? []).reduce((sum, n) => sum + n, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + (row[c] ?? 0), 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support, precision, recall, f1 };
  });
  const present = perClass.filter((scores) => scores.support > 0);
  const macroF1 = present.reduce((sum, scores) => sum + scores.f1, 0) / Math.max(1, present.length);
  return { accuracy: truth.length === 0 ? 0 : correct / truth.length, macroF1, perClass, confusion, labels };
}
