/**
 * Builds the keyless classifier's model from the whole alert catalogue and writes
 * shared/domain/triage/keyless/keyless-model.json (committed; loaded by shared/domain/triage/keyless/keyless-classifier.ts).
 *   npm run build:classifier
 *
 * Training data: the rules of awesome-prometheus-alerts (samber/awesome-prometheus-alerts),
 * CC BY 4.0, https://creativecommons.org/licenses/by/4.0/ — the model file credits it too.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keylessModelSchema } from '../../shared/domain/triage/keyless/keyless-predict.ts';
import { loadCatalogue } from './catalogue.ts';
import { DEFAULT_CONFIG, trainModel } from './train.ts';

/** The model must stay small enough to load at cold start well inside 50 ms. */
const MAX_BYTES = 1_000_000;
const MODEL_PATH = join(import.meta.dirname, '..', '..', 'shared', 'domain', 'triage', 'keyless', 'keyless-model.json');

const alerts = loadCatalogue();
const model = keylessModelSchema.parse(trainModel(alerts, DEFAULT_CONFIG));
// Formatted as the repo's biome formats JSON, so `npm run lint` passes and diffs show one feature a line.
const json = execFileSync(
  join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'biome'),
  ['format', `--stdin-file-path=${MODEL_PATH}`],
  {
    input: JSON.stringify(model),
    encoding: 'utf8',
  },
);
const bytes = Buffer.byteLength(json);
if (bytes > MAX_BYTES) throw new Error(`keyless model is ${bytes} bytes, over the ${MAX_BYTES}-byte budget`);
writeFileSync(MODEL_PATH, json);
console.log(
  `Wrote ${MODEL_PATH}: ${model.version}, ${(bytes / 1024).toFixed(0)} KiB, trained on ${model.trainedOn.alerts} alerts ` +
    `(${model.trainedOn.services} services, ${model.trainedOn.categories} categories); features: category ` +
    `${Object.keys(model.category.features).length}, service ${Object.keys(model.service.head.features).length}, ` +
    `severity ${Object.keys(model.severity.features).length}.`,
);
