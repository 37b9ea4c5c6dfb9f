/**
 * A tenant's learned model, ready to route: its corrections' examples matched against an alert's
 * features, with the shipped keyless model's word frequencies as the measure of what is telling.
 */
import { KEYLESS_MODEL } from '../keyless/keyless-classifier.ts';
import { extractFeatures, type KeylessInput } from '../keyless/keyless-features.ts';
import type { KeylessModel } from '../keyless/keyless-predict.ts';
import { type CorrectedValues, type LearnedExample, MAX_ALERT_NAME_CHARS, type TenantLearning } from './learned-example.ts';
import { type FeatureRarity, learnedMatcher, rarityOf, similarExamples, tellingFeatures } from './learned-match.ts';

const rarities = new WeakMap<KeylessModel, FeatureRarity>();

/** The shipped model's word frequencies, worked out once per model (the evaluation trains many). */
function rarityFor(shipped: KeylessModel): FeatureRarity {
  let rarity = rarities.get(shipped);
  if (rarity === undefined) {
    rarity = rarityOf(shipped.service.head, shipped.trainedOn.alerts);
    rarities.set(shipped, rarity);
  }
  return rarity;
}

/** What a tenant's corrections say about one alert. */
export interface LearnedRouting {
  /** The correction it learned from. */
  readonly example: LearnedExample;
  /** The values to apply: the example's, completed by other corrections of the same service. */
  readonly set: CorrectedValues;
  readonly similarity: number;
  /** The words the alert shares with the corrected one, most telling first. */
  readonly shared: readonly string[];
}

export interface TenantModel {
  readonly examples: number;
  route(alert: KeylessInput, shippedKnowsService: boolean): LearnedRouting | undefined;
  /** At most `count` of the tenant's examples most like the alert, most alike first. */
  similar(alert: KeylessInput, count: number): readonly LearnedExample[];
}

/** The example a correction of `alert` teaches. */
export function exampleFrom(
  alert: KeylessInput,
  correction: Pick<LearnedExample, 'correctionId' | 'by' | 'at' | 'set'>,
  shipped: KeylessModel = KEYLESS_MODEL,
): LearnedExample {
  return {
    ...correction,
    alertName: alert.name.slice(0, MAX_ALERT_NAME_CHARS),
    features: tellingFeatures(extractFeatures(alert, shipped.features), rarityFor(shipped)),
  };
}

/**
 * Category, service and team describe a service, so a later correction of the same service fills
 * what the matched one left out; severity belongs to one alert name, so it carries over only to
 * alerts of that name.
 */
function valuesFor(match: LearnedExample, sameName: boolean, examples: readonly LearnedExample[]): CorrectedValues {
  const service = match.set.service?.toLowerCase();
  const sameService = service === undefined ? [] : examples.filter((example) => example.set.service?.toLowerCase() === service).reverse();
  const first = <K extends 'category' | 'service' | 'team'>(key: K) =>
    match.set[key] ?? sameService.find((e) => e.set[key] !== undefined)?.set[key];
  const values: CorrectedValues = { category: first('category'), service: first('service'), team: first('team') };
  return Object.fromEntries(
    Object.entries({ ...values, severity: sameName ? match.set.severity : undefined }).filter(([, value]) => value !== undefined),
  );
}

/**
 * Prepares a tenant's model; `alertNames` are the tenant's distinct alert names (its counters'
 * noisiest), whose shared words are house words; `shipped` is the model it sits on (another
 * only in the evaluation).
 */
export function tenantModel(
  learning: TenantLearning,
  options: { readonly alertNames?: readonly string[]; readonly shipped?: KeylessModel } = {},
): TenantModel {
  const shipped = options.shipped ?? KEYLESS_MODEL;
  const rarity = rarityFor(shipped);
  const bagOf = (alert: KeylessInput) => extractFeatures(alert, shipped.features);
  const nameFeaturesOf = (name: string) => new Set(extractFeatures({ name, labels: {} }, shipped.features).keys());
  const match = learnedMatcher(learning, rarity, (options.alertNames ?? []).map(nameFeaturesOf));
  return {
    examples: learning.examples.length,
    route(alert, shippedKnowsService) {
      const found = match({ bag: bagOf(alert), nameFeatures: nameFeaturesOf(alert.name), alertName: alert.name, shippedKnowsService });
      if (found === undefined) return undefined;
      const set = valuesFor(found.example, found.sameName, learning.examples);
      if (set.category === undefined && set.service === undefined && set.team === undefined && set.severity === undefined) return undefined;
      return { example: found.example, set, similarity: found.similarity, shared: found.shared };
    },
    similar(alert, count) {
      return similarExamples(learning, rarity, bagOf(alert), count);
    },
  };
}
