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
 * - Missing key terms: a rare term of the question (a name, a specific noun)
 *   that no candidate sentence contains, with no expansion found either.
 */
import type { QueryAnalysis } from '../retrieve/query.js';
import type { Retriever, ScoredSentence } from '../retrieve/retriever.js';

export interface Answerability {
  answerable: boolean;
  /** Short reason, for logs and the eval. */
  reason: string;
  coverage: number;
  typedCoverage: number;
}

export interface AnswerabilityThresholds {
  /** Least coverage of the best sentence for an untyped question. */
  coverage: number;
  /** Least coverage of a typed sentence for a typed question. */
  typedCoverage: number;
  /** Least cosine of the best sentence that can stand in for low coverage (paraphrases). */
  dense: number;
}

export const DEFAULT_THRESHOLDS: AnswerabilityThresholds = { coverage: 0.34, typedCoverage: 0.5, dense: 0.45 };

export function assessAnswerability(
  q: QueryAnalysis,
  sentences: readonly ScoredSentence[],
  retriever: Retriever,
  thresholds: AnswerabilityThresholds = DEFAULT_THRESHOLDS,
): Answerability {
  const top = sentences.slice(0, 8);
  const best = top[0];
  if (!best) return { answerable: false, reason: 'no candidate sentence', coverage: 0, typedCoverage: 0 };
  const typedQuestion = q.answerType === 'number' || q.answerType === 'percent' || q.answerType === 'date';
  const typedCoverage = Math.max(0, ...top.filter((s) => s.typed).map((s) => s.coverage));
  const coverage = Math.max(0, ...top.slice(0, 3).map((s) => s.coverage));
  const denseBest = Math.max(0, ...top.slice(0, 3).map((s) => s.dense));

  // Rare question terms the corpus has never seen, with no expansion to stand in.
  const unknown = q.terms.filter((t) => !retriever.knows(t) && /\p{L}{3,}/u.test(t));
  if (typedQuestion) {
    if (typedCoverage >= thresholds.typedCoverage) return { answerable: true, reason: 'a sentence with the asked-for value carries the key terms', coverage, typedCoverage };
    return { answerable: false, reason: `no sentence holds a ${q.answerType} together with the question's key terms`, coverage, typedCoverage };
  }
  if (coverage >= thresholds.coverage || denseBest >= thresholds.dense) {
    return { answerable: true, reason: 'the best sentences carry the question', coverage, typedCoverage };
  }
  return {
    answerable: false,
    reason: unknown.length > 0 ? `the report never mentions ${unknown.join(', ')}` : 'the best sentences miss the question’s key terms',
    coverage,
    typedCoverage,
  };
}
