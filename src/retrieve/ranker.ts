/**
 * The sentence ranker: a linear model over a few general features of a
 * (question, sentence) pair, its weights learnt by `npm run train-ranker`
 * (retrieve/train.ts) on the tuning question sets and kept in ranker.json.
 *
 * The features say how well a sentence answers in ways that hold for any
 * report: how close its meaning is to the question (the encoder's cosine,
 * for the sentence and for the window around it), how much of the question's
 * idf-weighted vocabulary it holds, whether it holds the kind of answer asked
 * for, whether it is a footnote, whether it judges when the question asks
 * for a judgement, and whether its figures are about another election than
 * the one asked about. No feature names a report's words.
 */
import { z } from 'zod';
import rankerFile from './ranker.json' with { type: 'json' };

export const FEATURES = [
  /** Ten times the sentence cosine minus the best candidate's cosine (≤ 0). */
  'dense',
  /** 1 / (1 + the sentence's rank by cosine among the candidates). */
  'denseRank',
  /** Ten times the cosine of the best window (chunk) holding the sentence minus the best window's (≤ 0). */
  'window',
  /** BM25 of the best chunk holding the sentence, over the best BM25 of the question (0–1). */
  'lexical',
  /** Share of the question's idf weight the sentence (or, for a footnote, its marker's sentence) holds (0–1). */
  'coverage',
  /** The same over the sentence and its neighbours (0–1). */
  'coverageContext',
  /** The question expects a kind of answer (a count, a date, a name…) and the sentence holds it, in place. */
  'typed',
  /** The question expects a kind of answer and the sentence does not hold it. */
  'untyped',
  /** The sentence is a footnote's. */
  'footnote',
  /** The question asks for a judgement and the sentence gives one. */
  'evaluative',
  /** The sentence's figures or facts are about another election or year than the question's. */
  'otherTime',
  /** The sentence is a reference, not a statement: a web address, "See …". */
  'reference',
] as const;
export type Feature = (typeof FEATURES)[number];
export type FeatureVector = Record<Feature, number>;

export const RankerModelSchema = z.strictObject({
  /** The embedder the weights were learnt with: cosines of another encoder have another scale. */
  embedder: z.string(),
  weights: z.strictObject(Object.fromEntries(FEATURES.map((f) => [f, z.number()])) as Record<Feature, z.ZodNumber>),
  /** What it was trained on and how well it did there (for the record). */
  trainedOn: z.array(z.string()),
  trainingRecallAt1: z.number().min(0).max(1),
});
export type RankerModel = z.infer<typeof RankerModelSchema>;

export function score(model: RankerModel, f: FeatureVector): number {
  let s = 0;
  for (const name of FEATURES) s += model.weights[name] * f[name];
  return s;
}

let loaded: RankerModel | undefined;

/** The committed ranker (src/retrieve/ranker.json), validated once per process. */
export function defaultRanker(): RankerModel {
  if (!loaded) {
    const result = RankerModelSchema.safeParse(rankerFile);
    if (!result.success) throw new Error(`src/retrieve/ranker.json is invalid: ${result.error.issues[0]?.message ?? 'bad format'}; run \`npm run train-ranker\``);
    loaded = result.data;
  }
  return loaded;
}

/** A model with some features switched off (for ablations). */
export function without(model: RankerModel, features: readonly Feature[]): RankerModel {
  const weights = { ...model.weights };
  for (const f of features) weights[f] = 0;
  return { ...model, weights };
}

/** Hand-set starting weights (the training starts here; also what an untrained ranker uses). */
export const PRIOR_WEIGHTS: Readonly<Record<Feature, number>> = {
  dense: 0.5,
  denseRank: 0.5,
  window: 0.2,
  lexical: 1,
  coverage: 1.5,
  coverageContext: 0.5,
  typed: 1,
  untyped: -1,
  footnote: -0.3,
  evaluative: 0.5,
  otherTime: -1,
  reference: -1,
};
