/**
 * Does the report answer the question? A bare score threshold cannot tell:
 * on one report the best scores of answerable and unanswerable questions
 * overlap. The check looks at what the best sentences say instead:
 *
 * - Coverage: the share of the question's idf-weighted terms (or their
 *   glossary expansions) found in the best sentence and its neighbours.
 * - Answer type: a question asking how many, what share, or when needs a
 *   sentence that holds a count, a percentage or a date, and that sentence
 *   must also carry the question's key terms.
 * - Names: a name or acronym of the question must appear in or beside the
 *   answering sentence.
 * - Unknown words: when most of the question's weight rests on words the
 *   reports never use (and the glossary cannot stand in for), it is not answered.
 */
import { mentionsAnchor, type QueryAnalysis } from '../retrieve/query.js';
import type { Retriever, ScoredSentence } from '../retrieve/retriever.js';

export interface Answerability {
  answerable: boolean;
  /** Short reason, for logs and the eval. */
  reason: string;
  coverage: number;
  typedCoverage: number;
}

export interface AnswerabilityThresholds {
  /** Least coverage of a candidate sentence. */
  coverage: number;
  /** Least coverage of a sentence holding the asked-for number, share or date. */
  typedCoverage: number;
  /** Largest share of the question's weight that may rest on words the reports never use. */
  unknownShare: number;
  /** Least cosine that can stand in for low coverage (paraphrases). */
  dense: number;
  /** Candidate sentences looked at, from the top. */
  depth: number;
}

export const DEFAULT_THRESHOLDS: AnswerabilityThresholds = { coverage: 0.34, typedCoverage: 0.4, unknownShare: 0.5, dense: 0.45, depth: 8 };

/** Whether a sentence names what a quantity question counts ("seats", "the vote"). */
function namesCounted(q: QueryAnalysis, s: ScoredSentence): boolean {
  return q.counted.length === 0 || q.counted.some((c) => mentionsAnchor(s.terms, c));
}

export function assessAnswerability(
  q: QueryAnalysis,
  sentences: readonly ScoredSentence[],
  retriever: Retriever,
  thresholds: AnswerabilityThresholds = DEFAULT_THRESHOLDS,
): Answerability {
  const pool = sentences.slice(0, thresholds.depth);
  if (pool.length === 0) return { answerable: false, reason: 'no candidate sentence', coverage: 0, typedCoverage: 0 };
  const typedQuestion = q.answerType === 'number' || q.answerType === 'percent' || q.answerType === 'date';
  const anchored = (s: ScoredSentence): boolean => q.anchors.every((a) => mentionsAnchor(s.context, a));
  const strong = (s: ScoredSentence): boolean => s.coverage >= thresholds.coverage || s.dense >= thresholds.dense;
  const coverage = Math.max(0, ...pool.map((s) => s.coverage));
  const typedCoverage = Math.max(0, ...pool.filter((s) => s.typed).map((s) => s.coverage));
  const unknown = retriever.unknownShare(q);
  if (unknown.share >= thresholds.unknownShare) {
    return { answerable: false, reason: `the report never mentions ${unknown.terms.join(', ')}`, coverage, typedCoverage };
  }
  const withAnchors = pool.filter(anchored);
  if (withAnchors.length === 0) {
    const missing = q.anchors.filter((a) => !pool.some((s) => mentionsAnchor(s.context, a))).map((a) => a.term);
    const unknown = missing.filter((t) => !retriever.knows(t));
    return {
      answerable: false,
      reason: unknown.length > 0 ? `the report never mentions ${unknown.join(', ')}` : `no passage mentions ${missing.join(', ') || 'all the names asked about'} together`,
      coverage,
      typedCoverage,
    };
  }
  if (typedQuestion) {
    const ok = withAnchors.some((s) => s.typed && namesCounted(q, s) && s.coverage >= thresholds.typedCoverage);
    return ok
      ? { answerable: true, reason: `a sentence holds a ${q.answerType} and the question's terms`, coverage, typedCoverage }
      : { answerable: false, reason: `no sentence holds a ${q.answerType} together with the question's key terms`, coverage, typedCoverage };
  }
  return withAnchors.some(strong)
    ? { answerable: true, reason: 'the best sentences carry the question', coverage, typedCoverage }
    : { answerable: false, reason: 'the best sentences miss the question’s key terms', coverage, typedCoverage };
}
