/**
 * The keyless classifier: the triage router's embedded default, which needs no API key. It files
 * an alert under a category, names the service when it recognises one, and guesses the severity,
 * from the alert's name, summary, description and labels.
 *
 * The model (keyless-model.json, built by `npm run build:classifier`) is learned from the rules of
 * awesome-prometheus-alerts (samber/awesome-prometheus-alerts), CC BY 4.0,
 * https://creativecommons.org/licenses/by/4.0/.
 */
import type { KeylessInput } from './keyless-features.ts';
import model from './keyless-model.json' with { type: 'json' };
import { createKeylessPredictor, type KeylessModel, type KeylessPrediction, keylessModelSchema } from './keyless-predict.ts';

export type { KeylessInput } from './keyless-features.ts';
export type { KeylessPrediction, Severity } from './keyless-predict.ts';

/** The validated model, checked once at cold start: a malformed artifact fails the import, not a request. */
export const KEYLESS_MODEL: KeylessModel = keylessModelSchema.parse(model);

const predict = createKeylessPredictor(KEYLESS_MODEL);

/**
 * Classifies one alert without any LLM. Pure and deterministic; never throws on odd text.
 * `labels.severity` is not read: prefer it over the predicted severity when an alert has one.
 *
 * @example
 * classifyKeyless({ name: 'PostgresqlReplicationLag', summary: 'Replication lag is high', labels: { instance: 'db-1' } });
 * // → { category: 'Databases', service: 'PostgreSQL', severity: 'critical', … }
 */
export function classifyKeyless(input: KeylessInput): KeylessPrediction {
  return predict(input);
}
