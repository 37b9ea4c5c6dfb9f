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

export const EXPERIMENTS: readonly Experiment[] = [
  { name: 'shipped configuration', config: DEFAULT_CONFIG },
  { name: 'no stemming', config: withFeatures({ stem: false }) },
  { name: 'counts instead of binary', config: withFeatures({ binary: false }) },
  { name: 'word bigrams', config: withFeatures({ wordBigrams: true }) },
  { name: 'char 3-grams', config: withFeatures({ charNgrams: [3] }) },
  { name: 'char 3,4-grams', config: withFeatures({ charNgrams: [3, 4] }) },
  { name: 'char 4,5-grams', config: withFeatures({ charNgrams: [4, 5] }) },
  { name: 'alert name weighs 2', config: withFeatures({ nameWeight: 2 }) },
  { name: 'service balance 0.5', config: { ...DEFAULT_CONFIG, serviceBalance: 0.5 } },
  { name: 'service balance 1 (one vote per service)', config: { ...DEFAULT_CONFIG, serviceBalance: 1 } },
  { name: 'uniform category prior', config: { ...DEFAULT_CONFIG, categoryPrior: 'uniform' } },
  { name: 'category features seen in ≥ 2 services', config: { ...DEFAULT_CONFIG, categoryMinServices: 2 } },
  { name: 'alpha 0.02', config: { ...DEFAULT_CONFIG, alpha: { ...DEFAULT_CONFIG.alpha, category: 0.02 } } },
  { name: 'alpha 0.5', config: { ...DEFAULT_CONFIG, alpha: { ...DEFAULT_CONFIG.alpha, category: 0.5 } } },
  { name: 'alpha 1', config: { ...DEFAULT_CONFIG, alpha: { ...DEFAULT_CONFIG.alpha, category: 1 } } },
];
