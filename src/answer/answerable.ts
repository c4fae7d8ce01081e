/**
 * Does the report answer the question? Two steps, both general:
 *
 * 1. What the question demands, checked on the best sentences (none of it
 *    names a report's words):
 *    - Unknown words: when half the question's weight rests on words the
 *      reports never use and the glossary cannot stand in for ("budget").
 *    - Names: a name the question uses, as the corpus writes names, must
 *      appear in or beside an answering sentence ("SAILAU", "Ak Zhol").
 *    - Years: a year the question names (other than the election's own)
 *      must appear there too ("the 2004 elections").
 *    - Results: a question about who won needs a sentence that gives a
 *      result (a preliminary statement, written before them, has none).
 *    - The expected answer type (retrieve/answer-types.ts): a question that
 *      asks for a name, a count of something, a date, a sum, a share, what
 *      someone said… needs a sentence that holds one, in the place asked
 *      about.
 * 2. How well the best sentences answer, as the encoder and the ranker see
 *    it: a logistic model over their scores (answerability.json, learnt by
 *    `npm run train-ranker` on the tuning sets), with a threshold chosen
 *    there to refuse at most a few per cent of answerable questions.
 */
import { z } from 'zod';
import { STRICT_TYPES } from '../retrieve/answer-types.js';
import { mentionsAnchor, type QueryAnalysis } from '../retrieve/query.js';
import type { Anchor, Retriever, ScoredSentence } from '../retrieve/retriever.js';
import modelFile from './answerability.json' with { type: 'json' };

export interface Answerability {
  answerable: boolean;
  /** Short reason, for logs and the eval. */
  reason: string;
  /** The model's probability that the report answers (0 when a demand of step 1 failed). */
  confidence: number;
  features: AnswerabilityFeatures;
}

export const ANSWERABILITY_FEATURES = ['topScore', 'margin', 'topDense', 'maxDense', 'topCoverage', 'maxCoverage', 'unknownShare', 'unknownMax', 'typedTop'] as const;
export type AnswerabilityFeature = (typeof ANSWERABILITY_FEATURES)[number];
export type AnswerabilityFeatures = Record<AnswerabilityFeature, number>;

export const AnswerabilityModelSchema = z.strictObject({
  embedder: z.string(),
  weights: z.strictObject(Object.fromEntries(ANSWERABILITY_FEATURES.map((f) => [f, z.number()])) as Record<AnswerabilityFeature, z.ZodNumber>),
  bias: z.number(),
  /** Least probability to answer. */
  threshold: z.number().min(0).max(1),
  trainedOn: z.array(z.string()),
});
export type AnswerabilityModel = z.infer<typeof AnswerabilityModelSchema>;

let loaded: AnswerabilityModel | undefined;
export function defaultAnswerabilityModel(): AnswerabilityModel {
  if (!loaded) {
    const r = AnswerabilityModelSchema.safeParse(modelFile);
    if (!r.success) throw new Error(`src/answer/answerability.json is invalid: ${r.error.issues[0]?.message ?? 'bad format'}; run \`npm run train-ranker\``);
    loaded = r.data;
  }
  return loaded;
}

/** A question about who won: win, won (not "won't"), winner, victory. */
const ASKS_WINNER = /\b(win|wins|won(?![’']t)|winning|winners?|victory|victorious)\b/iu;
/** A sentence that gives a result: someone won, a victory, the most votes or seats, a share of the votes or seats won. */
const SAYS_RESULT =
  /\b(win|wins|won(?![’']t)|winning|winners?|victory|victorious|came (first|top)|most (votes|seats)|majority of (the )?(votes|seats|mandates)|(obtained|received|gained|secured|took) [^.;]{0,30}\b(seats|mandates|votes|per cent of the vote))\b/iu;

/** Candidate sentences looked at, from the top. */
export const DEPTH = 5;
/** Share of the question's weight resting on words the reports never use (and the glossary cannot stand in for) past which it is not answered. */
const UNKNOWN_SHARE = 0.7;
/** Least share of the question's idf weight a sentence holding the asked-for type must carry, with its neighbours. */
const TYPED_COVERAGE = 0.3;
/** …or come as close to the question, by the encoder, as the best candidate does, nearly (the ranker's scaled cosine gap). */
const CLOSE_DENSE = -0.5;

export function answerabilityFeatures(q: QueryAnalysis, sentences: readonly ScoredSentence[], retriever: Retriever): AnswerabilityFeatures {
  const pool = sentences.slice(0, DEPTH);
  const top = pool[0];
  const strict = STRICT_TYPES.has(q.answerType);
  const unknown = retriever.unknownShare(q);
  return {
    topScore: top?.score ?? -10,
    margin: top && pool[1] ? top.score - pool[1].score : 1,
    topDense: top?.dense ?? 0,
    maxDense: Math.max(0, ...sentences.map((s) => s.dense)),
    topCoverage: top?.coverage ?? 0,
    maxCoverage: Math.max(0, ...pool.map((s) => s.coverage)),
    unknownShare: unknown.share,
    unknownMax: unknown.max,
    typedTop: strict && pool.some((s) => s.typed) ? 1 : 0,
  };
}

export function probability(model: AnswerabilityModel, f: AnswerabilityFeatures): number {
  let z = model.bias;
  for (const name of ANSWERABILITY_FEATURES) z += model.weights[name] * f[name];
  return 1 / (1 + Math.exp(-z));
}

/** Step 1's demands: null when they hold, else why not. */
export function unmetDemand(q: QueryAnalysis, sentences: readonly ScoredSentence[], retriever: Retriever, anchors: readonly Anchor[], years: readonly string[]): string | null {
  const pool = sentences.slice(0, DEPTH);
  if (pool.length === 0) return 'no candidate sentence';
  const names = retriever.unknownNames(q);
  if (names.length > 0) return `the report never mentions ${names.join(', ')}`;
  const unknown = retriever.unknownShare(q);
  if (unknown.share >= UNKNOWN_SHARE) return `the report never mentions ${unknown.terms.join(', ')}`;
  const anchored = pool.filter((s) => anchors.every((a) => mentionsAnchor(s.context, a)));
  if (anchored.length === 0) {
    const missing = anchors.filter((a) => !pool.some((s) => mentionsAnchor(s.context, a))).map((a) => a.term);
    const never = missing.filter((t) => !retriever.knows(t));
    return never.length > 0 ? `the report never mentions ${never.join(', ')}` : `no passage mentions ${missing.join(', ') || 'all the names asked about'} together`;
  }
  const dated = anchored.filter((s) => years.every((y) => s.context.has(y)));
  if (dated.length === 0) return `no passage is about ${years.join(', ')}`;
  // Who won (or did X win, how many seats did X win): a result must be said, not only the contest described.
  if (ASKS_WINNER.test(q.question) && !pool.some((s) => SAYS_RESULT.test(s.text))) return 'no passage says who won';
  // The asked-for name, figure or date must stand in a sentence that is itself about what was asked:
  // it names the question's names, is not about another election, and carries the question's words.
  // Words someone said (a "what did X say" question) are in place when X says them in the sentence (holdsStatement);
  // the other names asked about may stand beside it ("Nur Otan publicly stated…" after the Zhanaozen sentence).
  const named = (s: ScoredSentence): ReadonlySet<string> => (q.answerType === 'statement' ? s.context : s.terms);
  const answersInPlace = (s: ScoredSentence): boolean =>
    s.typed && s.features.otherTime === 0 && anchors.every((a) => mentionsAnchor(named(s), a)) && (s.features.coverageContext >= TYPED_COVERAGE || s.features.dense >= CLOSE_DENSE);
  if (STRICT_TYPES.has(q.answerType) && !dated.some(answersInPlace)) return `no passage holds the ${q.answerType} asked for`;
  return null;
}

export function assessAnswerability(
  q: QueryAnalysis,
  sentences: readonly ScoredSentence[],
  retriever: Retriever,
  anchors: readonly Anchor[],
  years: readonly string[],
  model: AnswerabilityModel = defaultAnswerabilityModel(),
): Answerability {
  const features = answerabilityFeatures(q, sentences, retriever);
  const unmet = unmetDemand(q, sentences, retriever, anchors, years);
  if (unmet) return { answerable: false, reason: unmet, confidence: 0, features };
  const p = probability(model, features);
  return p >= model.threshold
    ? { answerable: true, reason: `the best sentences answer (p=${p.toFixed(2)})`, confidence: p, features }
    : { answerable: false, reason: `the best sentences do not carry the question (p=${p.toFixed(2)})`, confidence: p, features };
}
