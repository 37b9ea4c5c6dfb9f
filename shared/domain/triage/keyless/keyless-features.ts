/**
 * Turns an alert into the bag of features the keyless classifier scores: words from the alert name
 * (CamelCase split), summary, description and labels, optional word bigrams and character n-grams.
 * Training (scripts/classifier) and prediction share this file, so both see the same features.
 */
import * as z from 'zod';

/** What the keyless classifier reads from an alert. */
export type KeylessInput = {
  readonly name: string;
  readonly summary?: string;
  readonly description?: string;
  readonly labels: Readonly<Record<string, string>>;
};

/** Feature choices, stored in the model so prediction extracts what training counted. */
export const featureOptionsSchema = z.object({
  /** Adds `b:first_second` for adjacent words. */
  wordBigrams: z.boolean(),
  /** Character n-gram sizes taken inside each word (with `<`/`>` word boundaries), e.g. [3, 4]. */
  charNgrams: z.array(z.number().int().min(2).max(6)),
  /** Light suffix stripping (plural, -ing, -ed). */
  stem: z.boolean(),
  /** How many times each word of the alert name counts. */
  nameWeight: z.number().positive(),
  /** Counts each feature once per alert instead of once per occurrence. */
  binary: z.boolean(),
  /** Words of labels named here are not features (severity is the thing predicted). */
  ignoredLabels: z.array(z.string()),
});

export type FeatureOptions = z.infer<typeof featureOptionsSchema>;

/** Longest text read from one field: a huge description must not make classification slow. */
export const MAX_FIELD_CHARS = 4_000;
const MAX_LABELS = 64;

/** Generic English function words; they say nothing about what is alerting. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could do does for from had has have having if in into is it its ' +
    'may might more most no not of on or our over should so some than that the their them then there these they ' +
    'this those to too very was were what when which while who will with would you your'
  ).split(' '),
);

/** Splits `PGBouncerMaxConnections` into `PG Bouncer Max Connections`; keeps `5xx`-style codes whole. */
const WORD_PART = /\d[xX]{2}\b|\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{Ll}+|\p{N}+/gu;
const CHUNK_SEPARATOR = /[^\p{L}\p{N}]+/u;

function stemWord(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed') && !word.endsWith('eed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The words of a text, lower-cased, with numbers, single letters and stop words dropped. */
export function words(text: string, stem: boolean): string[] {
  const out: string[] = [];
  const clipped = text.length > MAX_FIELD_CHARS ? text.slice(0, MAX_FIELD_CHARS) : text;
  for (const chunk of clipped.normalize('NFKC').split(CHUNK_SEPARATOR)) {
    if (chunk === '') continue;
    for (const part of chunk.match(WORD_PART) ?? []) {
      const word = part.toLowerCase();
      if (word.length < 2 || /^\p{N}+$/u.test(word) || STOP_WORDS.has(word)) continue;
      out.push(stem ? stemWord(word) : word);
    }
  }
  return out;
}

function addFeature(bag: Map<string, number>, feature: string, weight: number, binary: boolean): void {
  const current = bag.get(feature) ?? 0;
  bag.set(feature, binary ? Math.max(current, weight) : current + weight);
}

function addWords(bag: Map<string, number>, list: readonly string[], weight: number, options: FeatureOptions): void {
  for (let i = 0; i < list.length; i++) {
    const word = list[i] as string;
    addFeature(bag, `w:${word}`, weight, options.binary);
    if (options.wordBigrams && i + 1 < list.length) addFeature(bag, `b:${word}_${list[i + 1]}`, weight, options.binary);
    for (const n of options.charNgrams) {
      const padded = `<${word}>`;
      for (let start = 0; start + n <= padded.length; start++)
        addFeature(bag, `c:${padded.slice(start, start + n)}`, weight, options.binary);
    }
  }
}

/** The weighted features of one alert. Never throws on odd input; long fields are clipped. */
export function extractFeatures(input: KeylessInput, options: FeatureOptions): Map<string, number> {
  const bag = new Map<string, number>();
  addWords(bag, words(input.name, options.stem), options.nameWeight, options);
  addWords(bag, words(input.summary ?? '', options.stem), 1, options);
  addWords(bag, words(input.description ?? '', options.stem), 1, options);
  const ignored = new Set(options.ignoredLabels);
  for (const [key, value] of Object.entries(input.labels).slice(0, MAX_LABELS)) {
    if (ignored.has(key) || typeof value !== 'string') continue;
    addWords(bag, words(`${key} ${value}`, options.stem), 1, options);
  }
  return bag;
}
