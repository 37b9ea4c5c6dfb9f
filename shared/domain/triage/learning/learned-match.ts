/**
 * Finds the tenant's learned example most like an alert. Written here rather than taken from a
 * library: it is a weighted overlap of two small feature sets, and what makes it work is the
 * weights (how rare a word is in the shipped model's training alerts), which no library has.
 *
 * A word every alert has ("high", "instance") says little; a product name the shipped model never
 * saw ("elasticsearch") says a lot. So each feature weighs its inverse document frequency, and an
 * example applies to an alert only when they share a rare word of the alert's name (where
 * Prometheus-style names put the product: TypesenseNodeDown): a rare label value (the tenant's
 * cluster name) is in all of a tenant's alerts and says nothing about the service. When the
 * shipped model recognises the alert's service, the shared word must be one it has (almost) never
 * seen: a correction of an unknown product must not take over the alerts of a known one. Words in
 * many of the tenant's own alert names (a house prefix) count as common. The thresholds are
 * chosen on `npm run eval:learning`.
 */
import type { LearnedExample, TenantLearning } from './learned-example.ts';
import { MAX_FEATURE_CHARS, MAX_FEATURES_PER_EXAMPLE } from './learned-example.ts';

/** How common features are in the shipped model's training alerts. */
export interface FeatureRarity {
  /** Training alerts with the feature. */
  readonly documentsWith: (feature: string) => number;
  readonly documents: number;
}

export interface LearnedMatch {
  readonly example: LearnedExample;
  /** Share of the alert's feature weight the example explains, in [0, 1]. */
  readonly similarity: number;
  /** The alert has the corrected alert's name (its severity then carries over too). */
  readonly sameName: boolean;
  /** The shared features that weigh most, strongest first. */
  readonly shared: readonly string[];
}

/** log(documents / documents with it): about 4 is a word in 1 alert of 55, 5.5 one in 1 of 250. */
const RARE_WORD = 4;
const NEW_WORD = 5.5;
/** The least share of an alert's weight an example must explain. */
const MIN_SIMILARITY = 0.05;

function inverseFrequency(rarity: FeatureRarity, extra: ReadonlyMap<string, number>, extraDocuments: number) {
  const documents = rarity.documents + extraDocuments;
  return (feature: string) => Math.log((documents + 1) / (rarity.documentsWith(feature) + (extra.get(feature) ?? 0) + 1));
}

/** The features an example keeps: the rarest first, at most MAX_FEATURES_PER_EXAMPLE of at most MAX_FEATURE_CHARS. */
export function tellingFeatures(bag: ReadonlyMap<string, number>, rarity: FeatureRarity): string[] {
  const idf = inverseFrequency(rarity, new Map(), 0);
  // A word longer than MAX_FEATURE_CHARS is no product name: it would only grow the model.
  return [...bag.keys()]
    .filter((feature) => feature.length <= MAX_FEATURE_CHARS)
    .map((feature) => [feature, idf(feature)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_FEATURES_PER_EXAMPLE)
    .map(([feature]) => feature);
}

/**
 * How many of the tenant's corrected services (or lone corrections) have each feature: a word
 * many of them share is a house word, not a product name. Counted once per service, so two
 * corrections of one product do not make its name look common.
 */
function tenantFrequencies(learning: TenantLearning): { readonly counts: Map<string, number>; readonly groups: number } {
  const byGroup = new Map<string, Set<string>>();
  for (const example of learning.examples) {
    const group = example.set.service?.toLowerCase() ?? `#${example.correctionId}`;
    const features = byGroup.get(group) ?? new Set<string>();
    for (const feature of example.features) features.add(feature);
    byGroup.set(group, features);
  }
  const counts = new Map<string, number>();
  for (const features of byGroup.values()) for (const feature of features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  return { counts, groups: byGroup.size };
}

export interface MatchInput {
  readonly bag: ReadonlyMap<string, number>;
  /** The features of the alert's name alone: the shared rare word must be one of them. */
  readonly nameFeatures: ReadonlySet<string>;
  readonly alertName: string;
  readonly shippedKnowsService: boolean;
}

/** A tenant's alert names count at least this many before house words are looked for. */
const HOUSE_MIN_NAMES = 20;
/** A word in at least this share of the tenant's alert names is its house word, not a product's. */
const HOUSE_SHARE = 0.5;

/**
 * Words in a large share of the tenant's distinct alert names (a company prefix, "Acme…"). A
 * product's name is in its own alerts' names only, a small share of a tenant's; counting name
 * frequencies as rarity would make every product with many alerts look common.
 */
function houseWords(tenantNames: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  if (tenantNames.length < HOUSE_MIN_NAMES) return new Set();
  const counts = new Map<string, number>();
  for (const names of tenantNames) for (const feature of names) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  return new Set([...counts].filter(([, count]) => count >= HOUSE_SHARE * tenantNames.length).map(([feature]) => feature));
}

export type LearnedMatcher = (input: MatchInput) => LearnedMatch | undefined;

/**
 * Prepares a tenant's examples once and returns its matcher (newest example first on ties).
 * `tenantNames` holds the features of each of the tenant's distinct alert names (its counters').
 */
export function learnedMatcher(
  learning: TenantLearning,
  rarity: FeatureRarity,
  tenantNames: readonly ReadonlySet<string>[] = [],
): LearnedMatcher {
  const { counts, groups } = tenantFrequencies(learning);
  const house = houseWords(tenantNames);
  const rare = inverseFrequency(rarity, counts, groups);
  const idf = (feature: string) => (house.has(feature) ? 0 : rare(feature));
  const prepared = learning.examples.map((example) => ({ example, features: new Set(example.features) }));
  return ({ bag, nameFeatures, alertName, shippedKnowsService }) => {
    if (prepared.length === 0) return undefined;
    let total = 0;
    for (const feature of bag.keys()) total += idf(feature);
    let best: LearnedMatch | undefined;
    for (let i = prepared.length - 1; i >= 0; i--) {
      const { example, features } = prepared[i] as (typeof prepared)[number];
      const sameName = example.alertName === alertName;
      let shared = 0;
      let rarest = 0;
      const common: [string, number][] = [];
      for (const feature of bag.keys()) {
        if (!features.has(feature)) continue;
        const weight = idf(feature);
        shared += weight;
        if (nameFeatures.has(feature)) rarest = Math.max(rarest, weight);
        common.push([feature, weight]);
      }
      if (rarest < (shippedKnowsService ? NEW_WORD : RARE_WORD)) continue;
      const similarity = total === 0 ? 0 : shared / total;
      if (similarity < MIN_SIMILARITY || (best !== undefined && similarity <= best.similarity)) continue;
      common.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      best = { example, similarity, sameName, shared: common.slice(0, 3).map(([feature]) => feature) };
    }
    return best;
  };
}

/** The examples sharing the most feature weight with `bag`, most first, at most `count` (for an LLM's prompt). */
export function similarExamples(
  learning: TenantLearning,
  rarity: FeatureRarity,
  bag: ReadonlyMap<string, number>,
  count: number,
): LearnedExample[] {
  const idf = inverseFrequency(rarity, new Map(), 0);
  return learning.examples
    .map((example, index) => {
      let shared = 0;
      for (const feature of example.features) if (bag.has(feature)) shared += idf(feature);
      return { example, shared, index };
    })
    .filter((scored) => scored.shared > 0)
    .sort((a, b) => b.shared - a.shared || b.index - a.index)
    .slice(0, count)
    .map((scored) => scored.example);
}

/** The shipped model's document frequencies: its service head counts each training alert's features once. */
export function rarityOf(
  serviceHead: { readonly features: Readonly<Record<string, readonly number[]>> },
  documents: number,
): FeatureRarity {
  return {
    documents,
    documentsWith(feature) {
      const entry = Object.hasOwn(serviceHead.features, feature) ? serviceHead.features[feature] : undefined;
      if (entry === undefined) return 0;
      let sum = 0;
      for (let i = 1; i < entry.length; i += 2) sum += entry[i] as number;
      return sum;
    },
  };
}
