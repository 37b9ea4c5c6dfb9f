/**
 * Cross-validation of the keyless model: for each fold, train on the other folds with the same
 * code build-model.ts uses, and predict only the held-out fold.
 */
import { createKeylessPredictor, type KeylessPrediction } from '../../shared/domain/triage/keyless/keyless-predict.ts';
import type { LabelledAlert } from './catalogue.ts';
import { type TrainingConfig, trainModel } from './train.ts';

/** The prediction for every alert, each made by a model that never saw that alert's fold. */
export function crossValidate(alerts: readonly LabelledAlert[], folds: readonly number[], config: TrainingConfig): KeylessPrediction[] {
  const predictions = new Array<KeylessPrediction>(alerts.length);
  for (const fold of [...new Set(folds)].sort((a, b) => a - b)) {
    const training = alerts.filter((_, i) => folds[i] !== fold);
    const predict = createKeylessPredictor(trainModel(training, config));
    alerts.forEach((alert, i) => {
      if (folds[i] === fold) predictions[i] = predict(alert.input);
    });
  }
  return predictions;
}
