/**
 * Variants of the training configuration compared by `npm run eval:router -- --experiments`,
 * each a single change from the shipped DEFAULT_CONFIG, so the table shows what each idea is worth.
 */
import { DEFAULT_CONFIG, type TrainingConfig } from './train.ts';

type Experiment = { readonly name: string; readonly config: TrainingConfig };

const withFeatures = (features: Partial<TrainingConfig['features']>): TrainingConfig => ({
  ...DEFAULT_CONFIG,
  features: { ...DEFAULT_CONFIG.features, ...features },
});
const withCategoryAlpha = (category: number): TrainingConfig => ({ ...DEFAULT_CONFIG, alpha: { ...DEFAULT_CONFIG.alpha, category } });

export const EXPERIMENTS: readonly Experiment[] = [
  { name: 'shipped configuration', config: DEFAULT_CONFIG },
  { name: 'without the generic lexicon (data only)', config: { ...DEFAULT_CONFIG, lexiconWeight: 0 } },
  {
    name: 'data only, as first tried (empirical prior, alpha 0.1)',
    config: {
      ...DEFAULT_CONFIG,
      lexiconWeight: 0,
      categoryPrior: 'empirical',
      categoryMaxAlertShare: 1,
      alpha: { ...DEFAULT_CONFIG.alpha, category: 0.1 },
    },
  },
  ...[5, 10, 40].map((weight) => ({ name: `generic lexicon weight ${weight}`, config: { ...DEFAULT_CONFIG, lexiconWeight: weight } })),
  { name: 'no stemming', config: withFeatures({ stem: false }) },
  { name: 'counts instead of binary', config: withFeatures({ binary: false }) },
  { name: 'word bigrams', config: withFeatures({ wordBigrams: true }) },
  { name: 'char 3-grams', config: withFeatures({ charNgrams: [3] }) },
  { name: 'char 3,4-grams', config: withFeatures({ charNgrams: [3, 4] }) },
  { name: 'char 4,5-grams', config: withFeatures({ charNgrams: [4, 5] }) },
  { name: 'alert name weighs 2', config: withFeatures({ nameWeight: 2 }) },
  { name: 'service balance 0.5', config: { ...DEFAULT_CONFIG, serviceBalance: 0.5 } },
  { name: 'service balance 1 (one vote per service)', config: { ...DEFAULT_CONFIG, serviceBalance: 1 } },
  { name: 'empirical category prior', config: { ...DEFAULT_CONFIG, categoryPrior: 'empirical' } },
  { name: 'keep features in > 50% of alerts', config: { ...DEFAULT_CONFIG, categoryMaxAlertShare: 1 } },
  { name: 'category features seen in ≥ 3 services', config: { ...DEFAULT_CONFIG, categoryMinServices: 3 } },
  { name: 'category alpha 0.1', config: withCategoryAlpha(0.1) },
  { name: 'category alpha 0.5', config: withCategoryAlpha(0.5) },
  { name: 'category alpha 2', config: withCategoryAlpha(2) },
  { name: 'known service (≥ 70%) decides the category', config: { ...DEFAULT_CONFIG, serviceDecidesCategoryAbove: 0.7 } },
];
