/**
 * What a question asks for: its content terms (stemmed), glossary
 * expansions, the type of answer it expects (answer-types.ts), what a count
 * question counts and says of it, and the names it uses.
 *
 * Nothing here depends on how the question is capitalised: names are the
 * question's words that the corpus itself writes as names (see
 * Retriever.properNouns), so "nur otan" and "Nur Otan" ask the same.
 */
import { contentTerms, expandQuery, normalize, stem } from '../text/analyze.js';
import { countTargetOf, expectedType, speakerOf, statementTopicOf, type AnswerType, type CountTarget } from './answer-types.js';

export type { AnswerType } from './answer-types.js';

export interface QueryAnalysis {
  question: string;
  /** Stemmed content terms of the question. */
  terms: string[];
  /** Stemmed glossary expansions. */
  expansions: string[];
  /** For each question term, the expansions that stand in for it. */
  standIns: Map<string, string[]>;
  /**
   * For each question term, the whole phrases the glossary adds for it, each as its stemmed terms: a name
   * stands in a sentence as all of a phrase ("central", "elect", "commiss" for "CEC"), not as one of its words.
   */
  standInPhrases: Map<string, string[][]>;
  /** For a count question, what is counted and what is said of it. */
  count: CountTarget;
  answerType: AnswerType;
  /** For a "what did X say" question, X's words (answer-types.ts speakerOf); else null. */
  speaker: string[] | null;
  /** For a "what did X say about Y" question, Y's stems (answer-types.ts statementTopicOf); else empty. */
  statementTopic: string[];
}

/** Analyses a question; `glossary: false` turns query expansion off (for ablations). */
export function analyzeQuery(question: string, options: { glossary?: boolean } = {}): QueryAnalysis {
  const { terms, expansions } = expandQuery(question, options.glossary === false ? [] : undefined);
  const { standIns, phrases } = standInsOf(terms, expansions);
  const speaker = speakerOf(question);
  return {
    question,
    terms: [...new Set(terms)],
    expansions: expansions.map((e) => e.term),
    standIns,
    standInPhrases: phrases,
    count: countTargetOf(question, (t) => standIns.get(t) ?? []),
    answerType: expectedType(question),
    speaker,
    statementTopic: statementTopicOf(question, speaker),
  };
}

/** For each question term, the expansions standing in for it, and the whole glossary phrases they come from (each once). */
function standInsOf(terms: readonly string[], expansions: readonly { term: string; fromTerms: string[]; phrase: string[] }[]): { standIns: Map<string, string[]>; phrases: Map<string, string[][]> } {
  const standIns = new Map<string, string[]>();
  const phrases = new Map<string, string[][]>();
  for (const t of terms) {
    const mine = expansions.filter((e) => e.fromTerms.includes(t));
    standIns.set(t, mine.map((e) => e.term));
    // A phrase of several new terms brings one expansion per term: keyed by its words, it counts once.
    phrases.set(t, [...new Map(mine.filter((e) => e.phrase.length > 0).map((e) => [e.phrase.join(' '), e.phrase])).values()]);
  }
  return { standIns, phrases };
}

/**
 * Whether a set of stemmed terms mentions a name: its term, one of its alternatives (each a phrase whose terms
 * must all stand there: "Election" alone is not the Central Election Commission), or a near spelling of a long name.
 */
export function mentionsAnchor(terms: ReadonlySet<string>, anchor: { term: string; alternatives: readonly (readonly string[])[] }): boolean {
  if (terms.has(anchor.term) || anchor.alternatives.some((a) => a.length > 0 && a.every((t) => terms.has(t)))) return true;
  if (anchor.term.length < 6) return false;
  for (const t of terms) if (Math.abs(t.length - anchor.term.length) <= 1 && editDistanceAtMostOne(t, anchor.term)) return true;
  return false;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length > b.length) return editDistanceAtMostOne(b, a);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.slice(i) === b.slice(i + 1);
}

/**
 * For "what is X?" and "what does X stand for?", the stemmed X; a sentence
 * that glosses it in brackets ("akimats (local executive bodies)",
 * "the Assembly of the People of Kazakhstan (APK)") defines it.
 */
export function definitionTarget(question: string): string | null {
  const q = normalize(question).replace(/[?!.]+$/u, '').trim();
  const m = /^what (?:is|are|was|were) (?:an? |the )?([\p{L}-]+)$/u.exec(q) ?? /^what (?:does|do|did) (?:an? |the )?([\p{L}-]+) (?:stand for|mean)$/u.exec(q) ?? /^(?:define|meaning of) (?:an? |the )?([\p{L}-]+)$/u.exec(q);
  return m?.[1] ? stem(m[1]) : null;
}

export function definesTarget(sentence: string, target: string): boolean {
  const brackets = /([\p{L}-]+)\s*\(([^)]{2,80})\)/gu;
  for (const m of sentence.matchAll(brackets)) {
    const before = stem(normalize(m[1] ?? ''));
    const inside = (m[2] ?? '').split(/\s+/u).map((w) => stem(normalize(w.replace(/[^\p{L}]/gu, ''))));
    if (before === target || inside.includes(target)) return true;
  }
  return false;
}

/** Stemmed content terms of a sentence (re-exported for selection). */
export { contentTerms };
